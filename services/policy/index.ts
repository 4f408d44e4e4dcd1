/** Policy packs: loading, the pack schema and routing questions. Shared words live in ./vocabulary. */
export { DEFAULT_PACKS_DIR, PolicyPackError, createPackLoader, listPacks, loadPack, validatePack } from './loadPack';
export type { PackLoader } from './loadPack';
export { CODE_DOCS, Contact, PolicyPack, Signpost, SourceRef } from './packSchema';
export type { ElsewhereBody, OmbudsmanBody, PolicyPackInput, Stage, Timescales } from './packSchema';
export { ombudsmanFor, ownsService, serviceOwner, signpostFor } from './routing';
export type { OmbudsmanRoute, ServiceOwner } from './routing';
