/**
 * Bot Framework state (conversation and user state, dialog stacks), one document per version of
 * a storage key. A write inserts the next version; the primary key (`<key>#<version>`) makes two
 * writers of the same version impossible. That is the only compare-and-set FerretDB 1.x offers:
 * its updates read and write without a condition, so `updateOne({eTag})` would lose writes.
 * The state is kept as JSON text so keys such as `$type` or dotted names cannot clash with MongoDB
 * field rules, and nothing a resident typed can ever be read as a query operator.
 */
import { Connection, Model, Schema } from 'mongoose';

export interface BotStateItem {
  _id: string;
  key: string;
  version: number;
  eTag: string;
  data: string;
  writtenAt: Date;
}

const botStateItemSchema = new Schema<BotStateItem>(
  {
    _id: { type: String, required: true },
    key: { type: String, required: true },
    version: { type: Number, required: true },
    eTag: { type: String, required: true },
    data: { type: String, required: true },
    writtenAt: { type: Date, required: true },
  },
  { collection: 'bot_state', versionKey: false, autoIndex: false },
);
botStateItemSchema.index({ key: 1, version: -1 });

export function botStateItemModel(connection: Connection): Model<BotStateItem> {
  return (connection.models.BotStateItem as Model<BotStateItem>) ?? connection.model<BotStateItem>('BotStateItem', botStateItemSchema);
}

export const versionId = (key: string, version: number) => `${key}#${version}`;
/** The head document: a copy of the current version, so reads are a single _id lookup. */
export const headId = (key: string) => `${key}#head`;
