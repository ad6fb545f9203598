/**
 * Countries the generator uses, and the ISO 3166-1 alpha-2 list used to validate `country_iso_codes`
 * (the seed spec links Zoom's country abbreviation list; a well-formed but unknown code is rejected — assumed).
 */

export interface CountryProfile {
  readonly iso: string;
  readonly name: string;
  /** Relative share of consumers. */
  readonly weight: number;
  /** E.164 prefix of fictional / drama ranges where one exists (555-01xx, Ofcom 07700 900xxx, ACMA 0491 570). */
  readonly prefix: readonly string[];
  /** Digits appended after the prefix. */
  readonly digits: number;
  /** The contact center's own number in that region. */
  readonly centerNumber: string;
}

export const COUNTRIES: readonly CountryProfile[] = [
  {
    iso: 'US',
    name: 'United States',
    weight: 46,
    prefix: ['+1415555', '+1212555', '+1312555', '+1206555'],
    digits: 4,
    centerNumber: '+18885550100',
  },
  {
    iso: 'CA',
    name: 'Canada',
    weight: 9,
    prefix: ['+1604555', '+1416555', '+1514555'],
    digits: 4,
    centerNumber: '+18885550101',
  },
  {
    iso: 'GB',
    name: 'United Kingdom',
    weight: 9,
    prefix: ['+447700900'],
    digits: 3,
    centerNumber: '+442079460958',
  },
  { iso: 'AU', name: 'Australia', weight: 6, prefix: ['+61491570'], digits: 3, centerNumber: '+61255501234' },
  { iso: 'DE', name: 'Germany', weight: 6, prefix: ['+49151'], digits: 8, centerNumber: '+4930901820' },
  { iso: 'FR', name: 'France', weight: 5, prefix: ['+3363998'], digits: 4, centerNumber: '+33199001234' },
  { iso: 'MX', name: 'Mexico', weight: 5, prefix: ['+5255'], digits: 8, centerNumber: '+525555501234' },
  { iso: 'JP', name: 'Japan', weight: 4, prefix: ['+8190'], digits: 8, centerNumber: '+81355501234' },
  { iso: 'IN', name: 'India', weight: 3, prefix: ['+9198'], digits: 8, centerNumber: '+18885550100' },
  { iso: 'BR', name: 'Brazil', weight: 2, prefix: ['+55119'], digits: 8, centerNumber: '+18885550100' },
  { iso: 'ES', name: 'Spain', weight: 2, prefix: ['+346'], digits: 8, centerNumber: '+18885550100' },
  { iso: 'IL', name: 'Israel', weight: 1, prefix: ['+9725'], digits: 8, centerNumber: '+18885550100' },
  {
    iso: 'AE',
    name: 'United Arab Emirates',
    weight: 1,
    prefix: ['+9715'],
    digits: 8,
    centerNumber: '+18885550100',
  },
  { iso: 'NL', name: 'Netherlands', weight: 1, prefix: ['+316'], digits: 8, centerNumber: '+18885550100' },
];

const TOTAL_WEIGHT = COUNTRIES.reduce((sum, c) => sum + c.weight, 0);

/** Picks a country index from a uniform number in [0, 1) by weight. */
export function countryIndexFor(unit: number): number {
  let target = unit * TOTAL_WEIGHT;
  for (let i = 0; i < COUNTRIES.length; i++) {
    target -= COUNTRIES[i]!.weight;
    if (target < 0) return i;
  }
  return COUNTRIES.length - 1;
}

export function countryIndexByIso(iso: string): number {
  return COUNTRIES.findIndex((c) => c.iso === iso);
}

const ISO_ALPHA2 =
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
  'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO ' +
  'FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE ' +
  'JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO ' +
  'MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW ' +
  'PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM ' +
  'TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW';

const ISO_SET: ReadonlySet<string> = new Set(ISO_ALPHA2.split(' '));

export function isIsoCountryCode(code: string): boolean {
  return ISO_SET.has(code);
}
