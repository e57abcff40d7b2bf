import { describe, expect, it } from 'vitest';
import ct from 'countries-and-timezones';
import { IANAZone } from 'luxon';
import { countryZones } from '#shared/domain/time/country-zones';
import { locateZones, zonesFromLocation } from '#shared/domain/time/location-zones';
import { regionTables } from '#shared/domain/time/region-zones';

const zones = (text: string, extra: Omit<Parameters<typeof zonesFromLocation>[0], 'text'> = {}) => zonesFromLocation({ text, ...extra });
const CENTRAL = 'America/Chicago';
const MOUNTAIN = 'America/Denver';

describe('zonesFromLocation: the examples', () => {
  it.each([
    ['1200 Example Street, Apt 5\nVancouver, BC V6B 1A1', ['America/Vancouver']],
    ['Vancouver, BC, Canada', ['America/Vancouver']],
    ['Bratislava, Slovakia', ['Europe/Bratislava']],
    ['Austin, TX', [CENTRAL]],
    ['Perth WA 6000, Australia', ['Australia/Perth']],
  ])('%j → %j', (text, expected) => {
    expect(zones(text)).toEqual(expected);
  });

  it('records the country and region that decided', () => {
    expect(locateZones({ text: '1200 Example Street, Apt 5\nVancouver, BC V6B 1A1' })).toEqual({ zones: ['America/Vancouver'], countryCode: 'CA', region: 'BC' });
    expect(locateZones({ text: 'Bratislava, Slovakia' })).toEqual({ zones: ['Europe/Bratislava'], countryCode: 'SK' });
  });
});

describe('zonesFromLocation: tricky places', () => {
  it('"Paris, TX" is Texas, not France: US Central, with Mountain (El Paso) until a ZIP code or a known city narrows it', () => {
    expect(zones('Paris, TX')).toEqual([CENTRAL, MOUNTAIN]);
    expect(zones('Paris, TX')).not.toContain('Europe/Paris');
    expect(zones('Paris, TX 75460')).toEqual([CENTRAL]);
    expect(zones('Paris, Texas, USA')).toEqual([CENTRAL, MOUNTAIN]);
    expect(zones('El Paso, TX')).toEqual([MOUNTAIN]);
    expect(zones('El Paso, TX 79901')).toEqual([MOUNTAIN]);
    expect(zones('Paris, France')).toEqual(['Europe/Paris']);
    expect(zones('Paris')).toEqual([]);
  });

  it('"Georgia" is the country or the US state: undecided unless a ZIP code or the US says which', () => {
    expect(zones('Georgia')).toEqual([]);
    expect(zones('Tbilisi, Georgia')).toEqual([]);
    expect(zones('Atlanta, Georgia')).toEqual([]);
    expect(zones('Atlanta, GA')).toEqual([]); // GA is also Gabon
    expect(zones('Atlanta, Georgia 30301')).toEqual(['America/New_York']);
    expect(zones('Atlanta, GA 30301')).toEqual(['America/New_York']);
    expect(zones('Atlanta, Georgia, USA')).toEqual(['America/New_York']);
    expect(zones('Georgia', { countryCode: 'US' })).toEqual(['America/New_York']);
    expect(zones('Tbilisi, Georgia', { countryCode: 'GE' })).toEqual(['Asia/Tbilisi']);
    // A ZIP code from another state contradicts the US reading, and then we are unsure.
    expect(zones('Atlanta, GA 98101')).toEqual([]);
    expect(zones('Austin, TX 98101')).toEqual([]);
  });

  it.each(['Remote', 'Remote - US', 'Remote, Canada', 'Anywhere', 'USA', 'Australia', 'Russia', '', '   '])('"%s" → []', (text) => {
    expect(zones(text)).toEqual([]);
  });

  it('two-letter codes that are a region and a country decide only with more context', () => {
    expect(zones('Perth, WA')).toEqual([]); // Washington or Western Australia
    expect(zones('Perth WA 6000')).toEqual(['Australia/Perth']);
    expect(zones('Seattle, WA 98101')).toEqual(['America/Los_Angeles']);
    expect(zones('Regina, SK')).toEqual([]); // Saskatchewan or Slovakia
    expect(zones('Regina, SK S4P 3Y2')).toEqual(['America/Regina']);
    expect(zones('Bratislava, SK')).toEqual([]);
    expect(zones('Berlin, DE')).toEqual([]); // Delaware or Germany
    expect(zones('Mumbai, IN')).toEqual([]); // Indiana or India
    expect(zones('San Francisco, CA')).toEqual([]); // California or Canada
    expect(zones('San Francisco, CA 94105')).toEqual(['America/Los_Angeles']);
    expect(zones('Milan, IT')).toEqual(['Europe/Rome']); // no state or province is "IT"
    expect(zones('San Juan, PR')).toEqual(['America/Puerto_Rico']); // both readings agree
  });

  it('reads longer names before shorter ones inside them', () => {
    expect(zones('Santa Fe, New Mexico')).toEqual([MOUNTAIN]);
    expect(zones('Newark, New Jersey')).toEqual(['America/New_York']);
    expect(zones('Mexico City, Mexico')).toEqual(['America/Mexico_City']);
    expect(zones('Port Moresby, Papua New Guinea')).toEqual(['Pacific/Bougainville', 'Pacific/Port_Moresby']);
  });

  it('"Victoria" alone may be in Australia or in BC; "Washington" alone the state or the capital', () => {
    expect(zones('Victoria')).toEqual([]);
    expect(zones('Victoria, BC')).toEqual(['America/Vancouver']);
    expect(zones('Melbourne, Victoria, Australia')).toEqual(['Australia/Melbourne']);
    expect(zones('Seattle, Washington')).toEqual([]);
    expect(zones('Washington, DC')).toEqual(['America/New_York']);
    expect(zones('Seattle, Washington State')).toEqual(['America/Los_Angeles']);
  });
});

describe('zonesFromLocation: countries, regions and postal codes', () => {
  it.each([
    ['Kraków, Poland', ['Europe/Warsaw']],
    ['Zürich, Switzerland', ['Europe/Zurich']],
    ['Praha, Česko', ['Europe/Prague']],
    ['Wien, Österreich', ['Europe/Vienna']],
    ['London, UK', ['Europe/London']],
    ['Edinburgh, Scotland', ['Europe/London']],
    ['Milano, Italia', ['Europe/Rome']],
    ['Mumbai, India', ['Asia/Kolkata']],
    ['Tokyo, JP', ['Asia/Tokyo']],
    ['São Paulo - SP, Brazil', ['America/Sao_Paulo']],
    ['Manaus, AM, Brasil', ['America/Manaus']],
    ['Monterrey, N.L., México', ['America/Monterrey']],
    ['Tijuana, Baja California, Mexico', ['America/Tijuana']],
    ['Novosibirsk, Russia', ['Asia/Novosibirsk']],
    ['Saint Petersburg, Russian Federation', ['Europe/Moscow']],
    ['Sydney NSW 2000', ['Australia/Sydney']],
    ['Broken Hill NSW 2880, Australia', ['Australia/Broken_Hill']],
    ['Brisbane, QLD, Australia', ['Australia/Brisbane']],
    ['London, ON', ['America/Toronto']],
    ['Toronto, ON M5V 2T6', ['America/Toronto']],
    ['Kenora, Ontario, Canada', ['America/Winnipeg']],
    ['Halifax, NS', ['America/Halifax']],
    ['Springfield, IL 62701', [CENTRAL]],
    ['123 Main St, Louisville, KY 40202, USA', ['America/New_York']],
    ['V6B 1A1', ['America/Vancouver']],
    ['Germany', ['Europe/Berlin', 'Europe/Busingen']],
  ])('%j → %j', (text, expected) => {
    expect(zones(text)).toEqual(expected);
  });

  it('a region that spans zones gives all of them, majority first, unless narrowed', () => {
    expect(zones('Ontario, Canada')).toEqual(['America/Toronto', 'America/Winnipeg', 'America/Atikokan']);
    expect(zones('Tennessee')).toEqual([CENTRAL, 'America/New_York']);
    expect(zones('Knoxville, Tennessee')).toEqual(['America/New_York']);
    expect(zones('Knoxville, TN')).toEqual([]); // TN is also Tunisia
    expect(zones('Pensacola, FL')).toEqual([CENTRAL]);
    expect(zones('Florida 32501')).toEqual([CENTRAL]);
    expect(zones('Miami, FL 33101')).toEqual(['America/New_York']);
    expect(zones('Cranbrook, BC')).toEqual(['America/Edmonton']);
    expect(zones('BC V1C 2Y3')).toEqual(['America/Edmonton']);
  });

  it('a postal code that contradicts the province says nothing', () => {
    expect(zones('Vancouver, ON V6B 1A1')).toEqual([]);
  });

  it('does not take a street number for a postcode', () => {
    expect(zones('4321 George St\nSydney NSW')).toEqual(['Australia/Sydney']);
    expect(zones('77001 Main Street, Austin, TX')).toEqual([CENTRAL]);
  });

  it('takes structured fields (Workable) with or without text, and text that contradicts them says nothing', () => {
    expect(zonesFromLocation({ countryCode: 'SK' })).toEqual(['Europe/Bratislava']);
    expect(zonesFromLocation({ countryCode: 'CA', region: 'BC' })).toEqual(['America/Vancouver', 'America/Edmonton', 'America/Dawson_Creek']);
    expect(zonesFromLocation({ countryCode: 'CA', region: 'British Columbia', text: 'Vancouver' })).toEqual(['America/Vancouver']);
    expect(zonesFromLocation({ countryCode: 'US', region: 'Texas', text: 'Austin' })).toEqual([CENTRAL]);
    expect(zonesFromLocation({ countryCode: 'US', region: 'TX', text: 'Paris, TX' })).toEqual([CENTRAL, MOUNTAIN]);
    expect(zonesFromLocation({ countryCode: 'US', text: 'Toronto, ON' })).toEqual([]);
    expect(zonesFromLocation({ countryCode: 'CA', region: 'BC', text: 'Toronto, ON' })).toEqual([]);
    expect(zonesFromLocation({ countryCode: 'US' })).toEqual([]);
    expect(zonesFromLocation({ countryCode: 'Slovakia' })).toEqual(['Europe/Bratislava']);
    expect(zonesFromLocation({ countryCode: 'XX' })).toEqual([]);
    expect(zonesFromLocation({ region: 'BC' })).toEqual(['America/Vancouver', 'America/Edmonton', 'America/Dawson_Creek']);
    expect(zonesFromLocation({ region: 'WA' })).toEqual([]);
  });

  it('reads a region without its country in the tenant\'s default country, never a country from it', () => {
    expect(zones('São Paulo, SP')).toEqual([]);
    expect(zones('São Paulo, SP', { defaultCountry: 'BR' })).toEqual(['America/Sao_Paulo']);
    expect(zones('Bratislava', { defaultCountry: 'SK' })).toEqual([]);
    expect(zones('Atlanta, GA', { defaultCountry: 'US' })).toEqual([]); // still maybe Gabon
  });
});

describe('the data behind it', () => {
  const validZone = (zone: string) => IANAZone.isValidZone(zone);

  it('every zone in the region tables is a zone of that country that this runtime knows', () => {
    for (const [country, regions] of Object.entries(regionTables)) {
      for (const region of regions) {
        // US territories are countries of their own in ISO 3166 (PR, GU, ...).
        const owner = country === 'US' && ['PR', 'VI', 'GU', 'AS', 'MP'].includes(region.code) ? region.code : country;
        const countryZoneNames = new Set(ct.getCountry(owner, { deprecated: true })!.timezones as string[]);
        const all = [...region.zones, ...Object.values(region.cities ?? {}).flat(), ...(region.postal ?? []).flatMap(([, z]) => z)];
        for (const zone of all) {
          expect(validZone(zone), `${country}-${region.code}: ${zone}`).toBe(true);
          expect(countryZoneNames.has(zone), `${country}-${region.code}: ${zone} is not a ${owner} zone`).toBe(true);
        }
        // A city or postal code narrows the region's zones, never leaves them.
        for (const zone of all) expect(region.zones, `${country}-${region.code}: ${zone}`).toContain(zone);
        expect(region.zones.length).toBeLessThanOrEqual(4);
      }
    }
  });

  it('every region of the six countries is in its table', () => {
    const counts = Object.fromEntries(Object.entries(regionTables).map(([c, r]) => [c, r.length]));
    expect(counts).toMatchObject({ US: 56, CA: 13, AU: 8, BR: 27, MX: 32 });
  });

  it('a country\'s zones are ones the runtime knows, named for the country where it shares a zone', () => {
    for (const country of Object.keys(ct.getAllCountries())) for (const zone of countryZones(country)) expect(validZone(zone), `${country} ${zone}`).toBe(true);
    expect(countryZones('SK')).toEqual(['Europe/Bratislava']);
    expect(countryZones('CZ')).toEqual(['Europe/Prague']);
    expect(countryZones('IN')).toEqual(['Asia/Kolkata']);
  });
});
