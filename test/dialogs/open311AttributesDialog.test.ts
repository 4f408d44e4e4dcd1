/**
 * The works-system questions alone, with the real works service reading an Open311 GeoReport v2
 * server (test/support/open311Server.ts): which service, its required questions, sharing details.
 */
import type { Database } from '../../services/database/database';
import { Open311AttributesDialog, Open311AttributesOptions, Open311AttributesResult } from '../../dialogs/open311AttributesDialog';
import type { WorksService } from '../../services/open311';
import { dropTestDb, openTestDb } from '../support/testDb';
import { Open311Server, startOpen311Server } from '../support/open311Server';
import { API_KEY, JURISDICTION, SERVICES } from '../open311/support';
import { pack, Row, runRow } from './support';
import { worksService } from './works';

let db: Database;
let server: Open311Server;
let works: WorksService;
let unread: WorksService;

beforeAll(async () => {
  db = await openTestDb('dialogs-open311');
  server = await startOpen311Server({ services: SERVICES, apiKey: API_KEY, jurisdiction: JURISDICTION });
  works = worksService(db.connection, server.url, 'default');
  await works.discover();
  // A catalogue the works system has never filled (it has been down since the start).
  unread = worksService(db.connection, server.url, 'never-read');
});
afterAll(async () => {
  await server.close();
  await dropTestDb(db);
});

const bins: Open311AttributesOptions = { known: { serviceAreas: ['waste_recycling'], text: 'My black bin was not emptied this morning' } };
const BIN_TYPE = /Which bin was not emptied\?.*\[General waste \(black bin\)\] \[Recycling \(blue bin\)\] \[Garden waste \(green bin\)\]/s;
const OUT_BY_7 = /Was the bin out by 7am on collection day\?/;
const SHARE = /\[Yes\b.*\] \[No\b.*\]/s;

const rows: Row<Open311AttributesOptions, Open311AttributesResult>[] = [
  {
    name: 'one service fits: its required questions, then whether to share contact details',
    options: bins,
    turns: [
      ['begin', BIN_TYPE],
      ['General waste (black bin)', OUT_BY_7],
      ['Yes', SHARE],
      ['Yes', /^$/],
    ],
    result: { answers: { works: { serviceCode: 'MB01', serviceName: 'Missed bin collection', attributes: { bin_type: 'general', out_by_7: 'yes' }, shareContact: true } } },
  },
  {
    name: 'an answer that is not one of the values is asked again',
    options: bins,
    turns: [['begin', BIN_TYPE], ['purple', /Please choose one of the options\./], ['2', OUT_BY_7], ['No', SHARE], ['No', /^$/]],
    result: { answers: { works: { serviceCode: 'MB01', serviceName: 'Missed bin collection', attributes: { bin_type: 'recycling', out_by_7: 'no' }, shareContact: false } } },
  },
  {
    name: 'someone anonymous is not asked about sharing details',
    options: { known: { ...bins.known, anonymous: true } },
    turns: [['begin', BIN_TYPE], ['Garden waste (green bin)', OUT_BY_7], ['Yes', /^$/]],
    result: { answers: { works: { serviceCode: 'MB01', serviceName: 'Missed bin collection', attributes: { bin_type: 'garden', out_by_7: 'yes' }, shareContact: false } } },
  },
  {
    name: 'a service with no required questions goes straight to sharing',
    options: { known: { serviceAreas: ['highways'], text: 'There is a deep pothole in the road surface on Mill Lane' } },
    turns: [['begin', SHARE, /Which bin/], ['Yes', /^$/]],
    result: { answers: { works: { serviceCode: 'PH01', serviceName: 'Pothole', attributes: {}, shareContact: true } } },
  },
];

describe('works questions dialog', () => {
  test.each(rows)('$name', async (row) => {
    await runRow(new Open311AttributesDialog({ pack, works }), row);
  });

  test('a works system never read yet: nothing asked, the service is chosen when sending (undefined)', async () => {
    await runRow(new Open311AttributesDialog({ pack, works: unread }), { name: 'unread', options: bins, turns: [['begin', /^$/]], result: { answers: { works: undefined } } });
  });
});
