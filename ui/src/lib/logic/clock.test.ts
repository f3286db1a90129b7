import { describe, expect, it } from 'vitest';
import { deviceDate, skew } from './clock';

describe('clock', () => {
  it('names the date the device believes, in the reader’s language', () => {
    expect(deviceDate('1970-01-01T00:03:00+01:00', 'fr')).toBe('1 janvier 1970');
    expect(deviceDate('1970-01-01T00:03:00+01:00', 'en')).toBe('1 January 1970');
    expect(deviceDate('2301-05-01T08:00:00Z', 'fr')).toBe('1 mai 2301');
  });

  it('keeps the device’s own calendar day, whatever the reader’s zone', () => {
    expect(deviceDate('2038-01-19T23:30:00-05:00', 'en')).toBe('19 January 2038');
  });

  it('says how far a clock is from the server’s, in units people read', () => {
    expect(skew(-1800)).toEqual({ ahead: false, amount: 30, unit: 'min' });
    expect(skew(5 * 3600)).toEqual({ ahead: true, amount: 5, unit: 'h' });
    expect(skew(2 * 365 * 86_400)).toEqual({ ahead: true, amount: 730, unit: 'days' });
  });
});
