// ISO 3166-1 country codes for the map: alpha-2 (what the geo data uses) to numeric (what
// world-atlas keys its shapes by) and to an English short name (for labels and aria text).
// A static table so the map needs no lookup service and no large i18n package.

// One country a line: alpha-2, numeric (three digits, zero-padded as world-atlas spells it), name.
// XK (Kosovo) is user-assigned and has no numeric code; world-atlas draws it without an id.
const TABLE = `
AD 020 Andorra|AE 784 United Arab Emirates|AF 004 Afghanistan|AG 028 Antigua and Barbuda
AI 660 Anguilla|AL 008 Albania|AM 051 Armenia|AO 024 Angola|AQ 010 Antarctica|AR 032 Argentina
AS 016 American Samoa|AT 040 Austria|AU 036 Australia|AW 533 Aruba|AX 248 Åland Islands
AZ 031 Azerbaijan|BA 070 Bosnia and Herzegovina|BB 052 Barbados|BD 050 Bangladesh|BE 056 Belgium
BF 854 Burkina Faso|BG 100 Bulgaria|BH 048 Bahrain|BI 108 Burundi|BJ 204 Benin
BL 652 Saint Barthélemy|BM 060 Bermuda|BN 096 Brunei|BO 068 Bolivia|BQ 535 Caribbean Netherlands
BR 076 Brazil|BS 044 Bahamas|BT 064 Bhutan|BV 074 Bouvet Island|BW 072 Botswana|BY 112 Belarus
BZ 084 Belize|CA 124 Canada|CC 166 Cocos (Keeling) Islands|CD 180 DR Congo
CF 140 Central African Republic|CG 178 Congo|CH 756 Switzerland|CI 384 Côte d'Ivoire
CK 184 Cook Islands|CL 152 Chile|CM 120 Cameroon|CN 156 China|CO 170 Colombia|CR 188 Costa Rica
CU 192 Cuba|CV 132 Cabo Verde|CW 531 Curaçao|CX 162 Christmas Island|CY 196 Cyprus|CZ 203 Czechia
DE 276 Germany|DJ 262 Djibouti|DK 208 Denmark|DM 212 Dominica|DO 214 Dominican Republic
DZ 012 Algeria|EC 218 Ecuador|EE 233 Estonia|EG 818 Egypt|EH 732 Western Sahara|ER 232 Eritrea
ES 724 Spain|ET 231 Ethiopia|FI 246 Finland|FJ 242 Fiji|FK 238 Falkland Islands|FM 583 Micronesia
FO 234 Faroe Islands|FR 250 France|GA 266 Gabon|GB 826 United Kingdom|GD 308 Grenada|GE 268 Georgia
GF 254 French Guiana|GG 831 Guernsey|GH 288 Ghana|GI 292 Gibraltar|GL 304 Greenland|GM 270 Gambia
GN 324 Guinea|GP 312 Guadeloupe|GQ 226 Equatorial Guinea|GR 300 Greece
GS 239 South Georgia and the South Sandwich Islands|GT 320 Guatemala|GU 316 Guam
GW 624 Guinea-Bissau|GY 328 Guyana|HK 344 Hong Kong|HM 334 Heard Island and McDonald Islands
HN 340 Honduras|HR 191 Croatia|HT 332 Haiti|HU 348 Hungary|ID 360 Indonesia|IE 372 Ireland
IL 376 Israel|IM 833 Isle of Man|IN 356 India|IO 086 British Indian Ocean Territory|IQ 368 Iraq
IR 364 Iran|IS 352 Iceland|IT 380 Italy|JE 832 Jersey|JM 388 Jamaica|JO 400 Jordan|JP 392 Japan
KE 404 Kenya|KG 417 Kyrgyzstan|KH 116 Cambodia|KI 296 Kiribati|KM 174 Comoros
KN 659 Saint Kitts and Nevis|KP 408 North Korea|KR 410 South Korea|KW 414 Kuwait
KY 136 Cayman Islands|KZ 398 Kazakhstan|LA 418 Laos|LB 422 Lebanon|LC 662 Saint Lucia
LI 438 Liechtenstein|LK 144 Sri Lanka|LR 430 Liberia|LS 426 Lesotho|LT 440 Lithuania
LU 442 Luxembourg|LV 428 Latvia|LY 434 Libya|MA 504 Morocco|MC 492 Monaco|MD 498 Moldova
ME 499 Montenegro|MF 663 Saint Martin|MG 450 Madagascar|MH 584 Marshall Islands
MK 807 North Macedonia|ML 466 Mali|MM 104 Myanmar|MN 496 Mongolia|MO 446 Macao
MP 580 Northern Mariana Islands|MQ 474 Martinique|MR 478 Mauritania|MS 500 Montserrat|MT 470 Malta
MU 480 Mauritius|MV 462 Maldives|MW 454 Malawi|MX 484 Mexico|MY 458 Malaysia|MZ 508 Mozambique
NA 516 Namibia|NC 540 New Caledonia|NE 562 Niger|NF 574 Norfolk Island|NG 566 Nigeria
NI 558 Nicaragua|NL 528 Netherlands|NO 578 Norway|NP 524 Nepal|NR 520 Nauru|NU 570 Niue
NZ 554 New Zealand|OM 512 Oman|PA 591 Panama|PE 604 Peru|PF 258 French Polynesia
PG 598 Papua New Guinea|PH 608 Philippines|PK 586 Pakistan|PL 616 Poland
PM 666 Saint Pierre and Miquelon|PN 612 Pitcairn|PR 630 Puerto Rico|PS 275 Palestine
PT 620 Portugal|PW 585 Palau|PY 600 Paraguay|QA 634 Qatar|RE 638 Réunion|RO 642 Romania
RS 688 Serbia|RU 643 Russia|RW 646 Rwanda|SA 682 Saudi Arabia|SB 090 Solomon Islands
SC 690 Seychelles|SD 729 Sudan|SE 752 Sweden|SG 702 Singapore|SH 654 Saint Helena|SI 705 Slovenia
SJ 744 Svalbard and Jan Mayen|SK 703 Slovakia|SL 694 Sierra Leone|SM 674 San Marino|SN 686 Senegal
SO 706 Somalia|SR 740 Suriname|SS 728 South Sudan|ST 678 São Tomé and Príncipe|SV 222 El Salvador
SX 534 Sint Maarten|SY 760 Syria|SZ 748 Eswatini|TC 796 Turks and Caicos Islands|TD 148 Chad
TF 260 French Southern Territories|TG 768 Togo|TH 764 Thailand|TJ 762 Tajikistan|TK 772 Tokelau
TL 626 Timor-Leste|TM 795 Turkmenistan|TN 788 Tunisia|TO 776 Tonga|TR 792 Türkiye
TT 780 Trinidad and Tobago|TV 798 Tuvalu|TW 158 Taiwan|TZ 834 Tanzania|UA 804 Ukraine
UG 800 Uganda|UM 581 U.S. Minor Outlying Islands|US 840 United States|UY 858 Uruguay
UZ 860 Uzbekistan|VA 336 Vatican City|VC 670 Saint Vincent and the Grenadines|VE 862 Venezuela
VG 092 British Virgin Islands|VI 850 U.S. Virgin Islands|VN 704 Vietnam|VU 548 Vanuatu
WF 876 Wallis and Futuna|WS 882 Samoa|YE 887 Yemen|YT 175 Mayotte|ZA 710 South Africa|ZM 894 Zambia
ZW 716 Zimbabwe|XK - Kosovo
`;

const numeric: Record<string, string> = {};
const names: Record<string, string> = {};
for (const entry of TABLE.split(/[|\n]/)) {
  const m = /^([A-Z]{2}) (\d{3}|-) (.+)$/.exec(entry.trim());
  if (!m) continue;
  if (m[2] !== '-') numeric[m[1]] = m[2];
  names[m[1]] = m[3];
}

/** Alpha-2 → ISO 3166-1 numeric ("DE" → "276"). */
export const ISO_NUMERIC: Readonly<Record<string, string>> = Object.freeze(numeric);
/** Alpha-2 → English short name ("DE" → "Germany"). */
export const COUNTRY_NAMES: Readonly<Record<string, string>> = Object.freeze(names);

/** Numeric → alpha-2 ("276" → "DE"), for world-atlas features. */
export const ALPHA2_BY_NUMERIC: Readonly<Record<string, string>> = Object.freeze(
  Object.fromEntries(Object.entries(numeric).map(([a, n]) => [n, a])),
);

/** The English name of an alpha-2 code, or the code itself when unknown (codes come from data). */
export function countryName(code: string): string {
  return Object.hasOwn(names, code.toUpperCase()) ? names[code.toUpperCase()] : code;
}

// Countries too small for world-atlas's 110m shapes (or drawn inside another's shape), as a point
// (lon lat) on their largest island, so traffic from Hong Kong or Singapore still shows on the map.
// Centroids taken from world-atlas 50m, or from an atlas where 50m has no shape.
const POINTS = `
AD 1.6 42.5|AG -61.8 17.1|AI -63.1 18.2|AS -170.7 -14.3|AW -70.0 12.5|AX 19.9 60.2|BB -59.6 13.2
BH 50.5 26.0|BL -62.8 17.9|BM -64.8 32.3|BQ -68.3 12.2|BV 3.4 -54.4|CC 96.8 -12.2|CK -159.8 -21.2
CV -23.6 15.1|CW -69.0 12.2|CX 105.6 -10.5|DM -61.4 15.4|FM 158.2 6.9|FO -6.9 62.2|GD -61.7 12.1
GF -53.1 3.9|GG -2.6 49.5|GI -5.4 36.1|GP -61.6 16.2|GS -36.7 -54.4|GU 144.8 13.4|HK 114.1 22.4
HM 73.5 -53.1|IM -4.5 54.2|IO 72.4 -7.3|JE -2.1 49.2|KI -157.4 1.9|KM 43.3 -11.7|KN -62.7 17.3
KY -81.3 19.3|LC -61.0 13.9|LI 9.5 47.1|MC 7.4 43.8|MF -63.1 18.1|MH 171.2 7.1|MO 113.5 22.2
MP 145.7 15.2|MQ -61.0 14.6|MS -62.2 16.7|MT 14.4 35.9|MU 57.6 -20.3|MV 73.5 4.2|NF 167.9 -29.1
NR 166.9 -0.5|NU -169.9 -19.0|PF -149.4 -17.7|PM -56.3 46.9|PN -128.3 -24.4|PW 134.6 7.5
RE 55.5 -21.1|SC 55.5 -4.7|SG 103.8 1.4|SH -5.7 -16.0|SJ 16.0 78.0|SM 12.5 43.9|ST 6.6 0.2
SX -63.1 18.1|TC -71.7 21.8|TK -171.8 -9.2|TO -175.2 -21.2|TV 179.2 -8.5|UM 166.6 19.3
VA 12.4 41.9|VC -61.2 13.3|VG -64.6 18.4|VI -64.8 17.7|WF -178.1 -14.3|WS -172.4 -13.6|YT 45.2 -12.8
`;

/** Alpha-2 → [lon, lat] for countries the 110m map has no shape for. */
export const SMALL_COUNTRY_POINTS: Readonly<Record<string, readonly [number, number]>> = Object.freeze(
  Object.fromEntries(
    POINTS.split(/[|\n]/).map((e) => e.trim().split(' ')).filter((p) => p.length === 3)
      .map(([a, lon, lat]) => [a, [Number(lon), Number(lat)] as const]),
  ),
);
