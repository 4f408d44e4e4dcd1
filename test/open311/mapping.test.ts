/** Which works system service a report goes to: the pack's areas matched by name, group and keywords, the pack's own mapping first, the resident's words between candidates. */
import { areasRun, chooseService, mapServices } from '../../services/open311/mapping';
import { latLong } from '../../services/open311/worksService';
import { ServiceList } from '../../services/open311/wire';
import { SERVICES } from './support';
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_PACKS_DIR, validatePack } from '../../services/policy';

const services = ServiceList.parse(SERVICES.map(({ attributes: _a, answersWithToken: _t, needsLatLong: _l, ...s }) => s));

describe('mapping services to service areas', () => {
  test('areas are matched by name, group and keywords; areas with nothing are listed', () => {
    const m = mapServices(services, areasRun('all'));
    const codes = (area: string) => m.areas.find((a) => a.area === area)?.services.map((s) => s.service_code);
    expect(codes('waste_recycling')?.slice(0, 2).sort()).toEqual(['BW01', 'MB01']);
    expect(codes('highways')?.sort()).toEqual(['PH01', 'SL01']);
    expect(m.unmappedAreas).toContain('licensing');
    expect(m.unmappedAreas).not.toContain('other');
  });

  test("the pack's explicit mapping wins, and codes the endpoint lacks are reported", () => {
    const m = mapServices(services, ['waste_recycling', 'parks_open_spaces'], { waste_recycling: ['BW01', 'NOPE'], parks_open_spaces: ['FT01'] });
    expect(m.areas.find((a) => a.area === 'waste_recycling')).toMatchObject({ how: 'pack', services: [{ service_code: 'BW01' }] });
    expect(m.areas.find((a) => a.area === 'parks_open_spaces')).toMatchObject({ how: 'pack', services: [{ service_code: 'FT01' }] });
    expect(m.unknownCodes).toEqual(['NOPE']);
  });

  test("the resident's words pick between an area's services; a tie is asked; nothing is none", () => {
    const m = mapServices(services, areasRun('all'));
    const pick = (areas: string[], text: string) => chooseService(m, areas as never, text, services);
    expect(pick(['waste_recycling'], "my bin wasn't emptied on Tuesday")).toMatchObject({ kind: 'one', service: { service_code: 'MB01' } });
    expect(pick(['waste_recycling'], 'can you take away an old sofa and a mattress')).toMatchObject({ kind: 'one', service: { service_code: 'BW01' } });
    expect(pick(['highways'], 'the lamp outside number 4 flickers all night')).toMatchObject({ kind: 'one', service: { service_code: 'SL01' } });
    expect(pick(['waste_recycling'], 'something outside my house needs sorting').kind).toBe('ask');
    expect(pick(['council_tax'], 'my council tax bill is wrong')).toEqual({ kind: 'none' });
    // No area candidate, but the words clearly name a service.
    expect(pick(['other'], 'a street light column is leaning and the lamp is out')).toMatchObject({ kind: 'one', service: { service_code: 'SL01' } });
  });

  test('a map position in the location is sent as lat and long; anything else is an address only', () => {
    expect(latLong('52.6072, -1.0880 by the bus stop')).toEqual({ lat: 52.6072, long: -1.088 });
    expect(latLong('14 Elm Road, LE2 5AB')).toBeNull();
    expect(latLong('99.1234, 10.1234')).toBeNull();
  });

  test("a pack's open311.services is checked: service areas only, codes as text", () => {
    const raw = JSON.parse(fs.readFileSync(path.join(DEFAULT_PACKS_DIR, 'default.json'), 'utf8'));
    expect(validatePack({ ...raw, open311: { services: { waste_recycling: ['MB01', 'BW01'] } } }).open311?.services.waste_recycling).toEqual(['MB01', 'BW01']);
    expect(() => validatePack({ ...raw, open311: { services: { bins: ['MB01'] } } })).toThrow(/open311/);
    expect(() => validatePack({ ...raw, open311: { services: { waste_recycling: [] } } })).toThrow(/open311/);
    expect(() => validatePack({ ...raw, open311: { services: { waste_recycling: [{ $ne: 1 }] } } })).toThrow(/open311/);
  });
});
