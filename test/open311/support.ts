/** The works system the Open311 tests run against, and a resident's chat with the whole bot. */
import { activity, FakeChannel, postActivity } from '../support/channel';
import type { StubService } from '../support/open311Server';
import { until as poll } from '../support/until';

/** As test/support/until.ts, waiting longer by default: the works system is polled. */
export const until = <T>(what: string, probe: Parameters<typeof poll<T>>[1], timeoutMs = 15_000): Promise<T> => poll<T>(what, probe, timeoutMs);

export const API_KEY = 'o311-key-9f8e7d6c5b4a39281706f5e4d3c2b1a0';
export const JURISDICTION = 'oadby.example.gov.uk';

export const SERVICES: StubService[] = [
  {
    service_code: 'MB01',
    service_name: 'Missed bin collection',
    description: 'A bin that was put out on the right day but not emptied',
    metadata: true,
    type: 'realtime',
    keywords: 'bin,missed,collection,emptied,refuse',
    group: 'Bins and recycling',
    attributes: [
      {
        variable: true, code: 'bin_type', datatype: 'singlevaluelist', required: true, order: 1, description: 'Which bin was not emptied?',
        values: [{ key: 'general', name: 'General waste (black bin)' }, { key: 'recycling', name: 'Recycling (blue bin)' }, { key: 'garden', name: 'Garden waste (green bin)' }],
      },
      { variable: true, code: 'out_by_7', datatype: 'singlevaluelist', required: true, order: 2, description: 'Was the bin out by 7am on collection day?', values: [{ key: 'yes', name: 'Yes' }, { key: 'no', name: 'No' }] },
      { variable: true, code: 'notes', datatype: 'text', required: false, order: 3, description: 'Anything else the crew should know' },
      { variable: false, code: 'info', datatype: 'string', required: false, order: 4, description: 'Bins must be at the kerb by 7am.' },
    ],
  },
  { service_code: 'BW01', service_name: 'Bulky waste collection', description: 'Large items such as furniture and fridges', metadata: false, type: 'batch', keywords: 'bulky,sofa,fridge,mattress,furniture', group: 'Bins and recycling', answersWithToken: true },
  { service_code: 'FT01', service_name: 'Fly-tipping', description: 'Rubbish dumped on public land', metadata: false, type: 'realtime', keywords: 'fly tipping,dumped', group: 'Street cleaning' },
  { service_code: 'SL01', service_name: 'Street light not working', description: 'A street lamp that is out or flickering', metadata: false, type: 'realtime', keywords: 'street light,lamp,column', group: 'Roads and lighting', needsLatLong: true },
  { service_code: 'PH01', service_name: 'Pothole', description: 'A hole in the road surface', metadata: false, type: 'realtime', keywords: 'pothole,road surface', group: 'Roads and lighting' },
];


/** A resident's conversation: each message is posted to the bot and its replies are returned together. */
export function chat(botUrl: string, channel: FakeChannel, conversation: string) {
  return async (text: string, extra: Record<string, unknown> = {}): Promise<string> => {
    const before = channel.textsFor(conversation).length;
    const res = await postActivity(botUrl, activity(channel.serviceUrl, conversation, { text, ...extra }));
    if (res.status !== 200) throw new Error(`the bot answered ${res.status}: ${res.text}`);
    await until(`a reply to "${text}"`, () => channel.textsFor(conversation).length > before);
    await new Promise((r) => setTimeout(r, 150)); // a turn can reply more than once
    return channel.textsFor(conversation).slice(before).join('\n');
  };
}

/** A small PNG (1x1), as a resident's photo. */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
