/**
 * Time zones of the states, provinces and regions of countries that span several zones.
 * Hand-written from the tz database's zone.tab comments; where several tz zones of a
 * region follow the same rules today (America/Kentucky/Louisville and America/New_York),
 * one stands for them. A region that spans zones lists all of them, majority first (a
 * candidate there is called only in hours valid in each); a postal code, or one of the
 * region's larger cities, narrows it down when the data allows.
 *
 * Names and cities are matched after normalizeName() (lower case, no accents, no dots).
 */

export interface RegionEntry {
  code: string;
  names: string[];
  zones: string[];
  /** Narrower zones for cities we know (normalized name → zones). */
  cities?: Record<string, string[]>;
  /** Narrower zones by postal code: first pattern matching the code (upper case, no spaces) wins. */
  postal?: [RegExp, string[]][];
}

export type RegionCountry = 'US' | 'CA' | 'AU' | 'BR' | 'MX' | 'RU';

const NY = 'America/New_York';
const CHI = 'America/Chicago';
const DEN = 'America/Denver';
const LA = 'America/Los_Angeles';
const PHX = 'America/Phoenix';
const BOISE = 'America/Boise';

function entry(code: string, names: string[], zones: string[], extra: { cities?: Record<string, string>; postal?: [RegExp, string[]][] } = {}): RegionEntry {
  const out: RegionEntry = { code, names, zones };
  if (extra.cities) {
    // Written as zones → "city, city, ..." to stay compact.
    out.cities = {};
    for (const [zones, list] of Object.entries(extra.cities)) {
      for (const city of list.split(',').map((c) => c.trim()).filter(Boolean)) out.cities[city] = zones.split('+');
    }
  }
  if (extra.postal) out.postal = extra.postal;
  return out;
}

const us: RegionEntry[] = [
  entry('AL', ['alabama'], [CHI]),
  entry('AK', ['alaska'], ['America/Anchorage', 'America/Adak'], { cities: { 'America/Anchorage': 'anchorage, fairbanks, juneau, sitka, ketchikan, wasilla, kodiak, bethel, nome, palmer, kenai', 'America/Adak': 'adak' } }),
  entry('AZ', ['arizona'], [PHX, DEN], { cities: { [PHX]: 'phoenix, tucson, mesa, chandler, scottsdale, glendale, gilbert, tempe, peoria, surprise, flagstaff, yuma, prescott, goodyear, avondale, buckeye, sedona', [DEN]: 'window rock, tuba city, chinle, kayenta' } }),
  entry('AR', ['arkansas'], [CHI]),
  entry('CA', ['california'], [LA]),
  entry('CO', ['colorado'], [DEN]),
  entry('CT', ['connecticut'], [NY]),
  entry('DE', ['delaware'], [NY]),
  entry('DC', ['district of columbia', 'washington dc', 'washington d c'], [NY]),
  entry('FL', ['florida'], [NY, CHI], {
    cities: { [NY]: 'miami, orlando, tampa, jacksonville, st petersburg, saint petersburg, tallahassee, fort lauderdale, hialeah, port st lucie, cape coral, gainesville, west palm beach, boca raton, sarasota, naples, fort myers, daytona beach, clearwater, lakeland, melbourne, palm bay, ocala, key west, miami beach, pompano beach, hollywood, coral springs, miramar, pembroke pines', [CHI]: 'pensacola, panama city, panama city beach, fort walton beach, destin, crestview, navarre' },
    postal: [[/^325/, [CHI]], [/^324/, [CHI, NY]], [/^3[2-4]/, [NY]]],
  }),
  entry('GA', ['georgia'], [NY]),
  entry('HI', ['hawaii'], ['Pacific/Honolulu']),
  entry('ID', ['idaho'], [BOISE, LA], { cities: { [BOISE]: 'boise, nampa, meridian, idaho falls, pocatello, twin falls, caldwell, rexburg', [LA]: 'coeur d alene, coeur dalene, lewiston, moscow, post falls, sandpoint' } }),
  entry('IL', ['illinois'], [CHI]),
  entry('IN', ['indiana'], ['America/Indiana/Indianapolis', CHI], { cities: { 'America/Indiana/Indianapolis': 'indianapolis, fort wayne, south bend, bloomington, carmel, fishers, muncie, lafayette, west lafayette, kokomo, anderson, terre haute, richmond, noblesville, greenwood, elkhart, mishawaka', [CHI]: 'gary, hammond, evansville, merrillville, valparaiso, east chicago, crown point' } }),
  entry('IA', ['iowa'], [CHI]),
  entry('KS', ['kansas'], [CHI, DEN], { cities: { [CHI]: 'wichita, topeka, overland park, kansas city, olathe, lawrence, shawnee, manhattan, lenexa, salina, hutchinson, leawood, dodge city, garden city, emporia', [DEN]: 'goodland' } }),
  entry('KY', ['kentucky'], [NY, CHI], { cities: { [NY]: 'louisville, lexington, frankfort, covington, richmond, georgetown, florence, ashland, elizabethtown', [CHI]: 'bowling green, owensboro, paducah, hopkinsville, henderson, murray' } }),
  entry('LA', ['louisiana'], [CHI]),
  entry('ME', ['maine'], [NY]),
  entry('MD', ['maryland'], [NY]),
  entry('MA', ['massachusetts'], [NY]),
  entry('MI', ['michigan'], ['America/Detroit', 'America/Menominee'], { cities: { 'America/Detroit': 'detroit, grand rapids, lansing, east lansing, ann arbor, flint, kalamazoo, warren, sterling heights, dearborn, livonia, troy, southfield, saginaw, traverse city, marquette, sault ste marie', 'America/Menominee': 'menominee, iron mountain, ironwood' } }),
  entry('MN', ['minnesota'], [CHI]),
  entry('MS', ['mississippi'], [CHI]),
  entry('MO', ['missouri'], [CHI]),
  entry('MT', ['montana'], [DEN]),
  entry('NE', ['nebraska'], [CHI, DEN], { cities: { [CHI]: 'omaha, lincoln, bellevue, grand island, kearney, fremont, hastings, norfolk, north platte, columbus', [DEN]: 'scottsbluff, alliance, sidney, gering, chadron' } }),
  entry('NV', ['nevada'], [LA]),
  entry('NH', ['new hampshire'], [NY]),
  entry('NJ', ['new jersey'], [NY]),
  entry('NM', ['new mexico'], [DEN]),
  entry('NY', ['new york', 'new york state'], [NY]),
  entry('NC', ['north carolina'], [NY]),
  entry('ND', ['north dakota'], [CHI, DEN], { cities: { [CHI]: 'fargo, bismarck, grand forks, minot, west fargo, mandan, jamestown, williston, devils lake, valley city', [DEN]: 'dickinson' } }),
  entry('OH', ['ohio'], [NY]),
  entry('OK', ['oklahoma'], [CHI]),
  entry('OR', ['oregon'], [LA, BOISE], { cities: { [LA]: 'portland, salem, eugene, gresham, hillsboro, beaverton, bend, medford, springfield, corvallis, albany, tigard, lake oswego, grants pass, klamath falls, astoria', [BOISE]: 'ontario' } }),
  entry('PA', ['pennsylvania'], [NY]),
  entry('RI', ['rhode island'], [NY]),
  entry('SC', ['south carolina'], [NY]),
  entry('SD', ['south dakota'], [CHI, DEN], { cities: { [CHI]: 'sioux falls, aberdeen, brookings, watertown, mitchell, yankton, pierre, huron, vermillion', [DEN]: 'rapid city, spearfish, sturgis, box elder, lead, deadwood' } }),
  entry('TN', ['tennessee'], [CHI, NY], { cities: { [CHI]: 'nashville, memphis, clarksville, murfreesboro, franklin, jackson, hendersonville, columbia, cookeville, brentwood, smyrna', [NY]: 'knoxville, chattanooga, johnson city, kingsport, bristol, cleveland, oak ridge, maryville, morristown' } }),
  entry('TX', ['texas'], [CHI, DEN], {
    cities: { [CHI]: 'houston, san antonio, dallas, austin, fort worth, arlington, corpus christi, plano, lubbock, laredo, irving, garland, frisco, mckinney, amarillo, grand prairie, brownsville, killeen, pasadena, mesquite, mcallen, denton, waco, midland, odessa, beaumont, round rock, abilene, tyler, wichita falls, college station, san angelo, sugar land, the woodlands, league city, pearland, carrollton, richardson, lewisville, allen, edinburg, galveston, san marcos, temple', [DEN]: 'el paso' },
    postal: [[/^(799|885)/, [DEN]], [/^798/, [CHI, DEN]], [/^(7[5-9]|733)/, [CHI]]],
  }),
  entry('UT', ['utah'], [DEN]),
  entry('VT', ['vermont'], [NY]),
  entry('VA', ['virginia'], [NY]),
  // "Washington" alone may mean the state or the capital: only "Washington State" or the code.
  entry('WA', ['washington state'], [LA]),
  entry('WV', ['west virginia'], [NY]),
  entry('WI', ['wisconsin'], [CHI]),
  entry('WY', ['wyoming'], [DEN]),
  entry('PR', ['puerto rico'], ['America/Puerto_Rico']),
  entry('VI', ['us virgin islands', 'u s virgin islands'], ['America/St_Thomas']),
  entry('GU', ['guam'], ['Pacific/Guam']),
  entry('AS', ['american samoa'], ['Pacific/Pago_Pago']),
  entry('MP', ['northern mariana islands'], ['Pacific/Saipan']),
];

/** ZIP code prefixes (first three digits) of each state, to check that "GA 30301" is a US address. */
export const usZipPrefixes: Record<string, string> = {
  AL: '350-369', AK: '995-999', AZ: '850-865', AR: '716-729', CA: '900-961', CO: '800-816', CT: '060-069',
  DE: '197-199', DC: '200-205,569', FL: '320-349', GA: '300-319,398-399', HI: '967-968', ID: '832-838',
  IL: '600-629', IN: '460-479', IA: '500-528', KS: '660-679', KY: '400-427', LA: '700-714', ME: '039-049',
  MD: '206-219', MA: '010-027,055', MI: '480-499', MN: '550-567', MS: '386-397', MO: '630-658', MT: '590-599',
  NE: '680-693', NV: '889-898', NH: '030-038', NJ: '070-089', NM: '870-884', NY: '005,063,100-149', NC: '270-289',
  ND: '580-588', OH: '430-459', OK: '730-749', OR: '970-979', PA: '150-196', RI: '028-029', SC: '290-299',
  SD: '570-577', TN: '370-385', TX: '733,750-799,885', UT: '840-847', VT: '050-059', VA: '201,220-246',
  WA: '980-994', WV: '247-268', WI: '530-549', WY: '820-831', PR: '006-009', VI: '008', GU: '969', AS: '967', MP: '969',
};

const VAN = 'America/Vancouver';
const EDM = 'America/Edmonton';
const MST = 'America/Dawson_Creek';
const TOR = 'America/Toronto';
const WPG = 'America/Winnipeg';
const ATI = 'America/Atikokan';

const ca: RegionEntry[] = [
  entry('AB', ['alberta'], [EDM]),
  entry('BC', ['british columbia', 'colombie britannique'], [VAN, EDM, MST], {
    cities: { [VAN]: 'vancouver, victoria, surrey, burnaby, richmond, kelowna, kamloops, nanaimo, prince george, abbotsford, coquitlam, langley, delta, saanich, chilliwack, maple ridge, north vancouver, west vancouver, new westminster, port coquitlam, port moody, white rock, vernon, penticton, whistler, squamish, prince rupert, nelson, trail, castlegar, courtenay, campbell river, west kelowna', [EDM]: 'cranbrook, kimberley, golden, invermere, fernie, sparwood', [MST]: 'dawson creek, fort st john, fort saint john, fort nelson, creston' },
    postal: [[/^V1[AC]/, [EDM]], [/^V1[GJ]/, [MST]], [/^V[1-9]/, [VAN]]],
  }),
  entry('MB', ['manitoba'], [WPG]),
  entry('NB', ['new brunswick', 'nouveau brunswick'], ['America/Moncton']),
  entry('NL', ['newfoundland and labrador', 'newfoundland', 'newfoundland labrador', 'terre neuve et labrador'], ['America/St_Johns', 'America/Goose_Bay'], {
    cities: { 'America/St_Johns': 'st johns, saint johns, mount pearl, corner brook, gander, grand falls windsor, conception bay south, paradise', 'America/Goose_Bay': 'happy valley goose bay, goose bay, labrador city, wabush' },
    postal: [[/^A2V/, ['America/Goose_Bay']], [/^A0[PR]/, ['America/St_Johns', 'America/Goose_Bay']], [/^A/, ['America/St_Johns']]],
  }),
  entry('NS', ['nova scotia', 'nouvelle ecosse'], ['America/Halifax']),
  entry('NT', ['northwest territories', 'territoires du nord ouest'], ['America/Yellowknife']),
  entry('NU', ['nunavut'], ['America/Iqaluit', 'America/Rankin_Inlet', 'America/Cambridge_Bay', ATI], { cities: { 'America/Iqaluit': 'iqaluit', 'America/Rankin_Inlet': 'rankin inlet', 'America/Cambridge_Bay': 'cambridge bay' } }),
  entry('ON', ['ontario'], [TOR, WPG, ATI], {
    cities: { [TOR]: 'toronto, ottawa, mississauga, brampton, hamilton, london, markham, vaughan, kitchener, windsor, richmond hill, oakville, burlington, oshawa, barrie, st catharines, saint catharines, guelph, cambridge, whitby, kingston, ajax, waterloo, sudbury, greater sudbury, thunder bay, sault ste marie, peterborough, niagara falls, timmins, north bay, belleville, cornwall, sarnia, brantford, pickering, milton, newmarket', [WPG]: 'kenora, dryden, fort frances, sioux lookout, red lake', [ATI]: 'atikokan' },
    postal: [[/^[KLMN]/, [TOR]]],
  }),
  entry('PE', ['prince edward island', 'pei', 'ile du prince edouard'], ['America/Halifax']),
  entry('QC', ['quebec', 'province of quebec', 'province de quebec'], [TOR, 'America/Blanc-Sablon', 'America/Halifax'], {
    cities: { [TOR]: 'montreal, quebec, quebec city, ville de quebec, laval, gatineau, longueuil, sherbrooke, trois rivieres, saguenay, levis, terrebonne, brossard, repentigny, drummondville, saint jerome, granby, rimouski' },
    postal: [[/^G4T/, ['America/Halifax']], [/^G0G/, [TOR, 'America/Blanc-Sablon']], [/^[GHJ]/, [TOR]]],
  }),
  entry('SK', ['saskatchewan'], ['America/Regina', EDM, WPG], {
    cities: { 'America/Regina': 'regina, saskatoon, prince albert, moose jaw, swift current, yorkton, north battleford, estevan, weyburn', [EDM]: 'lloydminster' },
    postal: [[/^S9V/, [EDM]], [/^S[1-9]/, ['America/Regina']]],
  }),
  entry('YT', ['yukon', 'yukon territory'], ['America/Whitehorse']),
];

/** First letter of a Canadian postal code → province(s). */
export const caPostalProvince: Record<string, string[]> = {
  A: ['NL'], B: ['NS'], C: ['PE'], E: ['NB'], G: ['QC'], H: ['QC'], J: ['QC'], K: ['ON'], L: ['ON'], M: ['ON'], N: ['ON'], P: ['ON'],
  R: ['MB'], S: ['SK'], T: ['AB'], V: ['BC'], X: ['NT', 'NU'], Y: ['YT'],
};

const SYD = 'Australia/Sydney';
const PER = 'Australia/Perth';

const au: RegionEntry[] = [
  entry('ACT', ['australian capital territory'], [SYD]),
  entry('NSW', ['new south wales'], [SYD, 'Australia/Broken_Hill', 'Australia/Lord_Howe'], {
    cities: { [SYD]: 'sydney, newcastle, wollongong, central coast, wagga wagga, albury, tamworth, orange, dubbo, port macquarie, coffs harbour, lismore, bathurst, parramatta, penrith, maitland, queanbeyan', 'Australia/Broken_Hill': 'broken hill', 'Australia/Lord_Howe': 'lord howe island' },
    postal: [[/^2880$/, ['Australia/Broken_Hill', SYD]], [/^2898$/, ['Australia/Lord_Howe']], [/^[12]/, [SYD]]],
  }),
  entry('NT', ['northern territory'], ['Australia/Darwin']),
  entry('QLD', ['queensland'], ['Australia/Brisbane']),
  entry('SA', ['south australia'], ['Australia/Adelaide']),
  entry('TAS', ['tasmania'], ['Australia/Hobart']),
  entry('VIC', ['victoria'], ['Australia/Melbourne']),
  entry('WA', ['western australia'], [PER, 'Australia/Eucla'], {
    cities: { [PER]: 'perth, fremantle, mandurah, bunbury, geraldton, kalgoorlie, albany, broome, joondalup, rockingham, karratha, port hedland, esperance, busselton', 'Australia/Eucla': 'eucla' },
    postal: [[/^6443$/, [PER, 'Australia/Eucla']], [/^6/, [PER]]],
  }),
];

/** Postcode ranges of each Australian state, to check that "WA 6000" is an Australian address. */
export const auPostcodes: Record<string, [number, number][]> = {
  NSW: [[1000, 2599], [2619, 2899], [2921, 2999]], ACT: [[200, 299], [2600, 2620], [2900, 2920]],
  VIC: [[3000, 3999], [8000, 8999]], QLD: [[4000, 4999], [9000, 9999]], SA: [[5000, 5999]],
  WA: [[6000, 6999]], TAS: [[7000, 7999]], NT: [[800, 999]],
};

const SP = 'America/Sao_Paulo';
const FOR = 'America/Fortaleza';

const br: RegionEntry[] = [
  entry('AC', ['acre', 'rio branco'], ['America/Rio_Branco']),
  entry('AL', ['alagoas', 'maceio'], ['America/Maceio']),
  entry('AP', ['amapa', 'macapa'], ['America/Belem']),
  entry('AM', ['amazonas'], ['America/Manaus', 'America/Eirunepe'], { cities: { 'America/Manaus': 'manaus, parintins, itacoatiara, manacapuru', 'America/Eirunepe': 'eirunepe' } }),
  entry('BA', ['bahia', 'salvador'], ['America/Bahia']),
  entry('CE', ['ceara', 'fortaleza'], [FOR]),
  entry('DF', ['distrito federal', 'federal district', 'brasilia'], [SP]),
  entry('ES', ['espirito santo', 'vitoria'], [SP]),
  entry('GO', ['goias', 'goiania'], [SP]),
  entry('MA', ['maranhao', 'sao luis'], [FOR]),
  entry('MT', ['mato grosso', 'cuiaba'], ['America/Cuiaba']),
  entry('MS', ['mato grosso do sul', 'campo grande'], ['America/Campo_Grande']),
  entry('MG', ['minas gerais', 'belo horizonte'], [SP]),
  entry('PA', ['para', 'belem', 'santarem'], ['America/Belem']),
  entry('PB', ['paraiba', 'joao pessoa'], [FOR]),
  entry('PR', ['parana', 'curitiba'], [SP]),
  entry('PE', ['pernambuco'], ['America/Recife', 'America/Noronha'], { cities: { 'America/Recife': 'recife, olinda, jaboatao dos guararapes, caruaru, petrolina, paulista', 'America/Noronha': 'fernando de noronha' } }),
  entry('PI', ['piaui', 'teresina'], [FOR]),
  entry('RJ', ['rio de janeiro', 'rio'], [SP]),
  entry('RN', ['rio grande do norte', 'natal'], [FOR]),
  entry('RS', ['rio grande do sul', 'porto alegre'], [SP]),
  entry('RO', ['rondonia', 'porto velho'], ['America/Porto_Velho']),
  entry('RR', ['roraima', 'boa vista'], ['America/Boa_Vista']),
  entry('SC', ['santa catarina', 'florianopolis'], [SP]),
  entry('SP', ['sao paulo', 'campinas', 'santos'], [SP]),
  entry('SE', ['sergipe', 'aracaju'], ['America/Maceio']),
  entry('TO', ['tocantins', 'palmas'], ['America/Araguaina']),
];

const MXC = 'America/Mexico_City';
const MTY = 'America/Monterrey';
const MAT = 'America/Matamoros';

const mx: RegionEntry[] = [
  entry('AGU', ['aguascalientes', 'ags'], [MXC]),
  entry('BCN', ['baja california', 'bc', 'tijuana', 'mexicali', 'ensenada'], ['America/Tijuana']),
  entry('BCS', ['baja california sur', 'la paz', 'los cabos', 'cabo san lucas'], ['America/Mazatlan']),
  entry('CAM', ['campeche', 'camp'], ['America/Merida']),
  entry('CHP', ['chiapas', 'chis', 'tuxtla gutierrez'], [MXC]),
  entry('CHH', ['chihuahua', 'chih'], ['America/Chihuahua', 'America/Ciudad_Juarez', 'America/Ojinaga'], { cities: { 'America/Ciudad_Juarez': 'ciudad juarez, juarez', 'America/Ojinaga': 'ojinaga' } }),
  entry('CMX', ['ciudad de mexico', 'mexico city', 'cdmx', 'df', 'distrito federal', 'mexico df', 'mexico d f'], [MXC]),
  entry('COA', ['coahuila', 'coahuila de zaragoza', 'coah'], [MTY, MAT], { cities: { [MTY]: 'saltillo, torreon, monclova', [MAT]: 'piedras negras, ciudad acuna, acuna' } }),
  entry('COL', ['colima', 'col'], [MXC]),
  entry('DUR', ['durango', 'dgo'], [MTY]),
  entry('GUA', ['guanajuato', 'gto', 'leon', 'irapuato', 'celaya'], [MXC]),
  entry('GRO', ['guerrero', 'gro', 'acapulco'], [MXC]),
  entry('HID', ['hidalgo', 'hgo', 'pachuca'], [MXC]),
  entry('JAL', ['jalisco', 'jal', 'guadalajara', 'zapopan', 'puerto vallarta'], [MXC]),
  entry('MEX', ['estado de mexico', 'state of mexico', 'edomex', 'mex', 'toluca'], [MXC]),
  entry('MIC', ['michoacan', 'mich', 'morelia'], [MXC]),
  entry('MOR', ['morelos', 'mor', 'cuernavaca'], [MXC]),
  entry('NAY', ['nayarit', 'nay'], ['America/Mazatlan', 'America/Bahia_Banderas'], { cities: { 'America/Mazatlan': 'tepic', 'America/Bahia_Banderas': 'bahia de banderas, nuevo vallarta' } }),
  entry('NLE', ['nuevo leon', 'nl'], [MTY, MAT], { cities: { [MTY]: 'monterrey, san pedro garza garcia, guadalupe, apodaca, san nicolas de los garza, santa catarina, escobedo' } }),
  entry('OAX', ['oaxaca', 'oax'], [MXC]),
  entry('PUE', ['puebla', 'pue'], [MXC]),
  entry('QUE', ['queretaro', 'qro'], [MXC]),
  entry('ROO', ['quintana roo', 'q roo', 'qroo', 'cancun', 'playa del carmen', 'tulum', 'chetumal'], ['America/Cancun']),
  entry('SLP', ['san luis potosi', 'slp'], [MXC]),
  entry('SIN', ['sinaloa', 'sin', 'culiacan', 'mazatlan'], ['America/Mazatlan']),
  entry('SON', ['sonora', 'son', 'hermosillo'], ['America/Hermosillo']),
  entry('TAB', ['tabasco', 'tab', 'villahermosa'], [MXC]),
  entry('TAM', ['tamaulipas', 'tamps'], [MTY, MAT], { cities: { [MTY]: 'tampico, ciudad victoria, ciudad madero', [MAT]: 'matamoros, reynosa, nuevo laredo' } }),
  entry('TLA', ['tlaxcala', 'tlax'], [MXC]),
  entry('VER', ['veracruz', 'ver', 'xalapa'], [MXC]),
  entry('YUC', ['yucatan', 'yuc', 'merida'], ['America/Merida']),
  entry('ZAC', ['zacatecas', 'zac'], [MXC]),
];

const MOW = 'Europe/Moscow';
const YEK = 'Asia/Yekaterinburg';

const ru: RegionEntry[] = [
  entry('KGD', ['kaliningrad', 'kaliningrad oblast'], ['Europe/Kaliningrad']),
  entry('MOW', ['moscow', 'moskva', 'moscow oblast', 'moskovskaya oblast'], [MOW]),
  entry('SPE', ['saint petersburg', 'st petersburg', 'sankt peterburg', 'leningrad oblast'], [MOW]),
  entry('MSK', ['kazan', 'tatarstan', 'nizhny novgorod', 'rostov', 'rostov on don', 'krasnodar', 'krasnodar krai', 'sochi', 'voronezh', 'yaroslavl', 'tula', 'tver', 'ryazan', 'kursk', 'belgorod', 'bryansk', 'smolensk', 'kaluga', 'vladimir', 'ivanovo', 'kostroma', 'oryol', 'lipetsk', 'tambov', 'penza', 'murmansk', 'arkhangelsk', 'vologda', 'karelia', 'petrozavodsk', 'komi', 'syktyvkar', 'pskov', 'veliky novgorod', 'novgorod oblast', 'stavropol', 'dagestan', 'makhachkala', 'chechnya', 'grozny', 'adygea', 'kalmykia', 'elista', 'chuvashia', 'cheboksary', 'mari el', 'yoshkar ola', 'mordovia', 'saransk', 'north ossetia', 'vladikavkaz', 'kabardino balkaria', 'nalchik', 'karachay cherkessia', 'ingushetia'], [MOW]),
  entry('CR', ['crimea', 'sevastopol', 'simferopol'], ['Europe/Simferopol']),
  entry('VGG', ['volgograd', 'volgograd oblast'], ['Europe/Volgograd']),
  entry('KIR', ['kirov', 'kirov oblast'], ['Europe/Kirov']),
  entry('SAM', ['samara', 'samara oblast', 'tolyatti', 'togliatti', 'udmurtia', 'izhevsk'], ['Europe/Samara']),
  entry('AST', ['astrakhan', 'astrakhan oblast'], ['Europe/Astrakhan']),
  entry('SAR', ['saratov', 'saratov oblast'], ['Europe/Saratov']),
  entry('ULY', ['ulyanovsk', 'ulyanovsk oblast'], ['Europe/Ulyanovsk']),
  entry('SVE', ['yekaterinburg', 'ekaterinburg', 'sverdlovsk oblast', 'chelyabinsk', 'perm', 'perm krai', 'bashkortostan', 'ufa', 'tyumen', 'orenburg', 'kurgan', 'khanty mansiysk', 'khanty mansi', 'surgut', 'yamalo nenets', 'magnitogorsk'], [YEK]),
  entry('OMS', ['omsk', 'omsk oblast'], ['Asia/Omsk']),
  entry('NVS', ['novosibirsk', 'novosibirsk oblast'], ['Asia/Novosibirsk']),
  entry('ALT', ['barnaul', 'altai krai', 'altai republic', 'gorno altaysk'], ['Asia/Barnaul']),
  entry('TOM', ['tomsk', 'tomsk oblast'], ['Asia/Tomsk']),
  entry('KEM', ['kemerovo', 'kemerovo oblast', 'novokuznetsk', 'kuzbass'], ['Asia/Novokuznetsk']),
  entry('KYA', ['krasnoyarsk', 'krasnoyarsk krai', 'khakassia', 'abakan', 'tuva', 'kyzyl', 'norilsk'], ['Asia/Krasnoyarsk']),
  entry('IRK', ['irkutsk', 'irkutsk oblast', 'buryatia', 'ulan ude'], ['Asia/Irkutsk']),
  entry('ZAB', ['chita', 'zabaykalsky krai', 'zabaykalsky'], ['Asia/Chita']),
  entry('AMU', ['amur oblast', 'blagoveshchensk', 'yakutsk'], ['Asia/Yakutsk']),
  entry('SA', ['sakha', 'yakutia', 'sakha republic'], ['Asia/Yakutsk', 'Asia/Vladivostok', 'Asia/Srednekolymsk'], { cities: { 'Asia/Yakutsk': 'yakutsk, neryungri, mirny' } }),
  entry('PRI', ['vladivostok', 'primorsky krai', 'primorye', 'khabarovsk', 'khabarovsk krai', 'komsomolsk on amur', 'jewish autonomous oblast', 'birobidzhan', 'nakhodka'], ['Asia/Vladivostok']),
  entry('MAG', ['magadan', 'magadan oblast'], ['Asia/Magadan']),
  entry('SAK', ['sakhalin', 'sakhalin oblast', 'yuzhno sakhalinsk'], ['Asia/Sakhalin']),
  entry('KAM', ['kamchatka', 'kamchatka krai', 'petropavlovsk kamchatsky'], ['Asia/Kamchatka']),
  entry('CHU', ['chukotka', 'anadyr'], ['Asia/Anadyr']),
];

export const regionTables: Record<RegionCountry, RegionEntry[]> = { US: us, CA: ca, AU: au, BR: br, MX: mx, RU: ru };

/** Regions whose codes may be read without the country being named ("Austin, TX", "Sydney NSW"). */
export const countriesReadFromRegionAlone: RegionCountry[] = ['US', 'CA', 'AU'];
