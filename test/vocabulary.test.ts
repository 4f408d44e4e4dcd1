import { ROUTE_IDS, RouteId } from '../models/vocabulary';

test('route ids match the sixteen routes of the shared policy README', () => {
  expect(ROUTE_IDS).toHaveLength(16);
  expect(RouteId.safeParse('emergency').success).toBe(true);
  expect(RouteId.safeParse('parking_ticket').success).toBe(false);
});
