export * from './channels';
export * from './handoffLinks';
export * from './handoffService';
