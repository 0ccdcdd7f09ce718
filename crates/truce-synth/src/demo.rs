//! The demo data set: ILLUSTRATIVE reports about the partial truce of March
//! 2025, not real ones. Every text ends with "[illustrative]" in its language
//! ("[ілюстративно]", "[иллюстративно]"), every URL points to example.org.
//!
//! It is made of hand-written scenarios, each one event reported by one to six
//! sources in their own languages, chosen so that together they show every
//! status of every commitment and reading of `agreements/partial-truce-2025.toml`
//! (see [`demo_expectations`]), plus generated background traffic placed away
//! from the scenarios in place or time, so that it never merges with them.
//! Scenario events are modelled on the kinds of events of that spring; their
//! details are invented.

use crate::generate::{self, Gen, HEADER, Lang, Row, Style, TOWNS};
use rand::Rng;

/// How many reports the demo set has in all.
const DEMO_ROWS: usize = 320;

/// The scenarios. Lines starting with `#` are comments, with `=` the expected
/// findings of the scenario named next (see [`demo_expectations`]); every
/// other line is one report, in these columns:
///
/// scenario | source | claimant | language | reported_at | occurred_at |
/// time_precision | where ("lat,lon", or "@" and a place name) | geo_precision |
/// act | means | target_class | target_name | perpetrator | stance |
/// grading ("C3", or empty) | casualties ("killed/injured") | text
///
/// Kyiv is at +02:00 until 30 March 2025 and at +03:00 from then on; Russian
/// sources write Moscow time (+03:00), Saratov's +04:00.
const SCENARIOS: &str = r#"
# s01 Sudzha gas metering station, 21 March: Russia says Ukrainian troops blew it up, Ukraine says Russian shelling destroyed it.
= s01 energy/ru:ua disputed; energy/ru:ru disputed; energy/ua outside-period; air not-covered; black-sea not-covered
s01 | ru-mod | ru | ru | 2025-03-21T11:05:00+03:00 | 2025-03-21T07:00:00+03:00 | hour | 51.1960,35.2820 | exact | sabotage | explosive | energy.gas-metering | Sudzha gas metering station | ВСУ | alleges | C3 | | Утром 21 марта киевский режим подорвал газоизмерительную станцию «Суджа», через которую шёл транзит газа в Европу.
s01 | ru-mfa | ru | ru | 2025-03-21T16:30:00+03:00 | 2025-03-21 | day | @Суджа | settlement | sabotage | explosive | energy.gas-metering | Sudzha gas metering station | киевский режим | alleges | C3 | | МИД России: подрыв ГИС «Суджа» — очередное нарушение договорённости о прекращении ударов по энергетике.
s01 | tass | ru | ru | 2025-03-21T12:10:00+03:00 | 2025-03-21 | day | 51.1910,35.2700 | settlement | sabotage | explosive | energy.gas-metering | Sudzha gas metering station | ВСУ | alleges | C4 | | ТАСС: газоизмерительная станция «Суджа» разрушена в результате подрыва, осуществлённого отступающими подразделениями ВСУ.
s01 | ua-general-staff | ua | uk | 2025-03-21T14:20:00+02:00 | 2025-03-21 | day | 51.1910,35.2700 | settlement | shelling | artillery | energy.gas-metering | Sudzha gas metering station | ЗС РФ | alleges | C3 | | Генштаб ЗСУ: газовимірювальну станцію «Суджа» неодноразово обстрілювали російські війська, її руйнування — провокація рф.
s01 | ua-cpd | ua | uk | 2025-03-21T15:00:00+02:00 | 2025-03-21 | day | @Суджа | settlement | sabotage | explosive | energy.gas-metering | Sudzha gas metering station | ua | denies | C3 | | ЦПД: заяви рф про підрив Силами оборони ГВС «Суджа» є фейком, станцію зруйнували обстріли самої росії.

# s02 Shahed strike on a substation in Sloviansk, 20 March: before the Ukrainian reading starts.
= s02 energy/ru:ru alleged; energy/ua outside-period; air:ru alleged; black-sea not-covered
s02 | ua-energy-ministry | ua | uk | 2025-03-20T08:15:00+02:00 | 2025-03-20T02:40:00+02:00 | minute | 48.8605,37.6180 | exact | strike | Shahed-136 | energy.substation | Sloviansk substation | ru | alleges | C3 | | Міненерго: уночі російські ударні БпЛА пошкодили підстанцію у Слов'янську, частина споживачів знеструмлена.
s02 | ukrenergo | ua | uk | 2025-03-20T09:00:00+02:00 | 2025-03-20T02:00:00+02:00 | hour | 48.8520,37.6060 | settlement | strike | Шахед | energy.substation | Sloviansk substation | Росія | alleges | C3 | | Укренерго: унаслідок атаки «Шахедів» на Донеччині пошкоджено підстанцію, ремонтні бригади вже працюють.
s02 | ua-donetsk-ova | ua | uk | 2025-03-20T07:30:00+02:00 | 2025-03-20 | day | @Слов'янськ | settlement | strike | drone.long-range | energy.substation | | ru | alleges | C3 | /1 | Слов'янськ: уночі ворог атакував енергетичну інфраструктуру міста дронами, травмовано одного працівника.

# s03 A Lancet strike on the Kramatorsk combined heat and power plant, 8 April: a tactical drone, outside the air truce.
= s03 energy/ru:ru corroborated; energy/ua:ru corroborated; air not-covered; black-sea not-covered
s03 | ua-energy-ministry | ua | uk | 2025-04-08T13:10:00+03:00 | 2025-04-08T11:25:00+03:00 | minute | 48.7330,37.5690 | exact | strike | Ланцет | energy.power-plant | Kramatorsk CHP | ru | alleges | C3 | | Міненерго: російський барражуючий боєприпас «Ланцет» уразив ТЕЦ у Краматорську, пошкоджено обладнання.
s03 | kyiv-independent | kyiv-independent | en | 2025-04-08T15:40:00+03:00 | 2025-04-08T11:25:00+03:00 | minute | 48.7230,37.5560 | settlement | strike | Lancet | energy.power-plant | Kramatorsk CHP | Russian forces | observes | B3 | | Photos from Kramatorsk show damage to the city's combined heat and power plant after a hit by a Russian Lancet loitering munition.
s03 | mission-monitor | mission | en | 2025-04-09T10:00:00+03:00 | 2025-04-08 | day | 48.7335,37.5685 | exact | strike | drone.tactical | energy.power-plant | Kramatorsk CHP | ru | observes | A2 | | Monitors visiting the Kramatorsk combined heat and power plant recorded damage consistent with a loitering munition launched from Russian-held territory.

# s04 A Shahed swarm on Odesa's power grid, 6 April: party, monitor and news reports agree.
= s04 energy/ru:ru corroborated; energy/ua:ru corroborated; air:ru corroborated; black-sea not-covered
s04 | ua-energy-ministry | ua | uk | 2025-04-06T07:20:00+03:00 | 2025-04-06T03:10:00+03:00 | minute | 46.4710,30.7080 | exact | strike | Shahed-136 | energy.substation | Odesa substation | ru | alleges | C3 | | Міненерго: унаслідок масованої атаки ударних БпЛА типу «Шахед» в Одесі пошкоджено підстанцію, без світла понад 40 тисяч споживачів.
s04 | ua-odesa-ova | ua | uk | 2025-04-06T04:05:00+03:00 | 2025-04-06T03:10:00+03:00 | minute | @Одеса | settlement | strike | Шахед | energy.substation | Odesa energy facility | окупанти | alleges | C3 | /3 | Одеса: ворог атакував місто «Шахедами», є влучання в об'єкт енергетики, троє людей травмовано.
s04 | mission-monitor | mission | en | 2025-04-06T18:00:00+03:00 | 2025-04-06T03:00:00+03:00 | hour | 46.4712,30.7085 | exact | strike | drone.long-range | energy.substation | Odesa substation | ru | observes | A2 | /3 | Monitors confirmed heavy damage to an electrical substation in Odesa after an overnight attack by Shahed-type drones launched by Russian forces; three people were injured.
s04 | reuters | reuters | en | 2025-04-06T09:30:00+03:00 | 2025-04-06T03:10:00+03:00 | minute | 46.4825,30.7233 | settlement | strike | Shahed | energy.substation | Odesa substation | Russia | observes | B2 | /3 | Russian drones struck energy infrastructure in the Black Sea port of Odesa overnight, cutting power to tens of thousands of households, witnesses and officials said.
s04 | kyiv-independent | kyiv-independent | en | 2025-04-06T08:10:00+03:00 | 2025-04-06 | day | @Odesa | settlement | strike | Shahed-136 | energy.substation | | Russian forces | observes | B3 | | Odesa: a substation was knocked out in a Russian Shahed drone attack overnight, despite the announced energy moratorium.

# s04b The same night, drones shot down over the Odesa region: an interception, a separate incident. Placed no closer than "near Odesa", it may have happened over the sea.
= s04b energy not-covered; air:ru alleged; black-sea insufficient
s04b | ua-air-force | ua | uk | 2025-04-06T09:00:00+03:00 | 2025-04-06 | day | 46.4825,30.7233 | region | interception | Shahed-136 | unknown | | ru | alleges | C3 | | Повітряні сили: уночі над Одещиною збито 31 ударний БпЛА типу «Шахед».
s04b | ua-odesa-ova | ua | uk | 2025-04-06T05:00:00+03:00 | 2025-04-06T02:00:00+03:00 | hour | 46.5500,30.6000 | near-settlement | interception | Шахед | unknown | | ru | alleges | C3 | | Сили ППО знищили більшість ворожих дронів на підльоті до Одеси, уламки впали на відкритій місцевості.

# s05 Naval drones against a Black Sea Fleet patrol ship south-west of Sevastopol, 30 March: both sides agree who attacked.
= s05 black-sea:ua corroborated; energy not-covered; air not-covered
s05 | ru-mod | ru | ru | 2025-03-30T10:00:00+03:00 | 2025-03-30T05:40:00+03:00 | minute | 44.3500,33.1000 | near-settlement | naval-operation | drone.naval | military | Black Sea Fleet patrol ship | ВСУ | alleges | C3 | | Минобороны России: утром ВСУ предприняли попытку атаки безэкипажными катерами на патрульный корабль Черноморского флота в юго-западной части Черного моря.
s05 | ua-navy | ua | uk | 2025-03-30T12:30:00+03:00 | 2025-03-30T05:40:00+03:00 | minute | 44.3450,33.0900 | near-settlement | naval-operation | Magura V5 | military | Black Sea Fleet patrol ship | ua | confirms | C3 | | ВМС ЗСУ: морські дрони Magura V5 атакували патрульний корабель Чорноморського флоту рф у відкритому морі.
s05 | tass | ru | ru | 2025-03-30T10:20:00+03:00 | 2025-03-30 | day | 44.3500,33.1000 | near-settlement | naval-operation | drone.naval | military | Black Sea Fleet patrol ship | ВСУ | alleges | C4 | | ТАСС: Черноморский флот отразил атаку украинских безэкипажных катеров в открытом море к юго-западу от Севастополя.

# s06 A tanker off Novorossiysk, 3 April: Russia says Ukrainian naval drones attacked it, Ukraine denies.
= s06 black-sea:ua disputed; energy not-covered; air not-covered
s06 | ru-mod | ru | ru | 2025-04-03T09:10:00+03:00 | 2025-04-03T04:20:00+03:00 | minute | 44.4500,37.4500 | near-settlement | naval-operation | drone.naval | civilian.transport | tanker off Novorossiysk | ВСУ | alleges | C3 | | Минобороны России: ВСУ атаковали безэкипажными катерами гражданский танкер в открытом море у Новороссийска, атака отражена.
s06 | ua-navy | ua | uk | 2025-04-03T13:00:00+03:00 | 2025-04-03 | day | 44.4500,37.4500 | near-settlement | naval-operation | drone.naval | civilian.transport | tanker off Novorossiysk | ua | denies | C3 | | ВМС ЗСУ: Сили оборони не атакували цивільних суден біля Новоросійська, заява міноборони рф — інформаційна провокація.

# s07 Kalibr missiles launched from a frigate in the open sea, 26 March.
= s07 black-sea:ru alleged; air:ru alleged; energy not-covered
s07 | ua-navy | ua | uk | 2025-03-26T06:30:00+02:00 | 2025-03-26T04:15:00+02:00 | minute | 44.3000,36.9000 | near-settlement | launch | Калібр | unknown | | ЗС РФ | alleges | C3 | | ВМС ЗСУ: зафіксовано пуски крилатих ракет «Калібр» з фрегата Чорноморського флоту у відкритому морі.
s07 | ua-air-force | ua | uk | 2025-03-26T04:20:00+02:00 | 2025-03-26T04:15:00+02:00 | minute | 44.3200,36.9500 | near-settlement | launch | Kalibr | unknown | | ru | alleges | C3 | | Повітряні сили: увага, пуски «Калібрів» з акваторії Чорного моря, ракети курсом на північний захід.

# s08 A radar on a gas drilling platform in the north-western Black Sea, 6 March: before any period.
= s08 black-sea:ua outside-period; energy not-covered; air not-covered
s08 | ua-navy | ua | uk | 2025-03-06T15:00:00+02:00 | 2025-03-06 | day | 45.3300,30.8500 | near-settlement | naval-operation | Magura V5 | military | radar on a gas drilling platform | ua | confirms | C3 | | ВМС ЗСУ: морськими дронами уражено російську радіолокаційну станцію на газовидобувній платформі в північно-західній частині Чорного моря.
s08 | ru-mod | ru | ru | 2025-03-06T17:00:00+03:00 | 2025-03-06 | day | 45.3000,30.9000 | near-settlement | naval-operation | drone.naval | military | drilling platform | ВСУ | alleges | C3 | | Минобороны России: в северо-западной части Черного моря уничтожены безэкипажные катера ВСУ, пытавшиеся атаковать буровую платформу.

# s09 A week's summary of naval drone attacks west of Crimea, 14-20 March: the week straddles the start of the period.
= s09 black-sea:ua insufficient; energy not-covered; air not-covered
s09 | ru-mod | ru | ru | 2025-03-21T12:00:00+03:00 | 2025-03-17 | week | 45.0000,32.2000 | region | naval-operation | drone.naval | military | | ВСУ | alleges | C3 | | Минобороны России: за неделю силами Черноморского флота уничтожены шесть безэкипажных катеров ВСУ в северо-западной части Черного моря.

# s10 A ballistic missile on a residential quarter of Kryvyi Rih, 4 April: civilian, so only the Ukrainian reading covers it.
= s10 energy/ru not-covered; energy/ua:ru corroborated; air:ru corroborated; black-sea not-covered
s10 | ua-dnipro-ova | ua | uk | 2025-04-04T19:40:00+03:00 | 2025-04-04T18:50:00+03:00 | minute | 47.9060,33.3800 | exact | strike | Іскандер-М | civilian.residential | Kryvyi Rih residential quarter | ru | alleges | C3 | 20/61 | Кривий Ріг: балістична ракета «Іскандер-М» влучила у житловий квартал біля дитячого майданчика, загинули 20 людей, поранено 61.
s10 | mission-monitor | mission | en | 2025-04-05T12:00:00+03:00 | 2025-04-04T18:50:00+03:00 | minute | 47.9062,33.3803 | exact | strike | missile.ballistic | civilian.residential | Kryvyi Rih residential quarter | ru | observes | A2 | 20/61 | Monitors verified that a ballistic missile fired by Russian forces struck a residential area of Kryvyi Rih near a playground, killing 20 civilians.
s10 | reuters | reuters | en | 2025-04-04T21:15:00+03:00 | 2025-04-04 | day | 47.9105,33.3918 | settlement | strike | Iskander-M | civilian.residential | Kryvyi Rih residential quarter | Russia | observes | B2 | 18/ | A Russian missile hit a residential district of Kryvyi Rih, killing at least 18 people, reporters at the scene saw.
s10 | kyiv-independent | kyiv-independent | en | 2025-04-04T20:30:00+03:00 | 2025-04-04T18:50:00+03:00 | minute | @Kryvyi Rih | settlement | strike | missile.ballistic | civilian.residential | | Russian forces | observes | B3 | | Kryvyi Rih: a Russian ballistic missile struck near a children's playground in a residential neighbourhood.

# s11 A guided bomb on an apartment block in Kharkiv, 2 April: Russia denies striking homes.
= s11 energy/ru not-covered; energy/ua:ru disputed; air:ru disputed; black-sea not-covered
s11 | ua-kharkiv-ova | ua | uk | 2025-04-02T14:50:00+03:00 | 2025-04-02T14:20:00+03:00 | minute | 50.0020,36.2440 | exact | strike | КАБ | civilian.residential | Kharkiv apartment block | ru | alleges | C3 | 1/9 | Харків: ворог скинув керовану авіабомбу на житловий масив, пошкоджено багатоповерхівку, одна людина загинула, дев'ятеро поранені.
s11 | reuters | reuters | en | 2025-04-02T16:30:00+03:00 | 2025-04-02T14:20:00+03:00 | minute | 49.9935,36.2304 | settlement | strike | KAB | civilian.residential | Kharkiv apartment block | Russia | observes | B2 | 1/9 | A Russian guided bomb damaged an apartment block in Kharkiv, killing one person and wounding nine, local officials and witnesses said.
s11 | ru-mod | ru | ru | 2025-04-02T19:00:00+03:00 | 2025-04-02 | day | @Харьков | settlement | strike | bomb.guided | civilian.residential | Kharkiv apartment block | ВС РФ | denies | C3 | | Минобороны России: удары по жилым кварталам Харькова не наносились, сообщения киевского режима не соответствуют действительности.

# s12 Two ballistic missiles on the centre of Sumy, 13 April.
= s12 energy/ru not-covered; energy/ua:ru corroborated; air:ru corroborated; black-sea not-covered
s12 | ua-sumy-ova | ua | uk | 2025-04-13T11:30:00+03:00 | 2025-04-13T10:15:00+03:00 | minute | 50.9110,34.8030 | exact | strike | Іскандер-М | civilian.other | Sumy city centre | ru | alleges | C3 | 34/117 | Суми: дві балістичні ракети влучили в центр міста у Вербну неділю, загинули 34 людини, 117 поранені.
s12 | mission-monitor | mission | en | 2025-04-14T09:00:00+03:00 | 2025-04-13T10:15:00+03:00 | minute | 50.9112,34.8028 | exact | strike | missile.ballistic | civilian.other | Sumy city centre | ru | observes | A2 | 34/117 | Monitors documented two ballistic missiles fired by Russian forces striking the centre of Sumy on Palm Sunday, killing at least 34 civilians.
s12 | reuters | reuters | en | 2025-04-13T14:00:00+03:00 | 2025-04-13 | day | 50.9077,34.7981 | settlement | strike | Iskander-M | civilian.other | Sumy city centre | Russia | observes | B2 | 32/ | Two Russian ballistic missiles hit the centre of Sumy as people gathered for Palm Sunday, killing at least 32, officials said.

# s12b Russia's account of the same strike names a military target: a separate incident, since targets of different families never merge.
= s12b energy not-covered; air:ru alleged; black-sea not-covered
s12b | ru-mod | ru | ru | 2025-04-14T12:00:00+03:00 | 2025-04-13 | day | @Сумы | settlement | strike | Искандер | military | command staff meeting | ВС РФ | confirms | C3 | | Минобороны России: ракетным комплексом «Искандер-М» нанесён удар по месту проведения совещания командного состава группировки ВСУ в г. Сумы.

# s13 Explosions in Pavlohrad, 29 March: the target is not known. A satellite sees the fire, a second voice that corroborates the drone strike.
= s13 energy/ru:ru insufficient; energy/ua:ru insufficient; air:ru corroborated; black-sea not-covered
s13 | ua-dnipro-ova | ua | uk | 2025-03-29T02:10:00+02:00 | 2025-03-29T01:30:00+02:00 | minute | @Павлоград | settlement | strike | Шахед | unknown | | ru | alleges | C3 | | Павлоград: уночі місто атакували ударні дрони, лунали вибухи, інформація про наслідки уточнюється.
s13 | firms | firms | en | 2025-03-29T03:40:00+02:00 | 2025-03-29T01:00:00+02:00 | hour | 48.5400,35.8850 | exact | other | unknown | unknown | | | observes | B2 | | Satellite fire detection flagged a thermal anomaly on the eastern edge of Pavlohrad, consistent with a large fire.

# s14 Shelling of a Kherson substation, 9 April: the second source is graded E5 and does not corroborate.
= s14 energy/ru:ru alleged; energy/ua:ru alleged; air not-covered; black-sea not-covered
s14 | ua-kherson-ova | ua | uk | 2025-04-09T10:20:00+03:00 | 2025-04-09T09:45:00+03:00 | minute | 46.6420,32.6050 | exact | shelling | artillery | energy.substation | Kherson substation | ru | alleges | C3 | | Херсон: російська армія обстріляла з артилерії підстанцію в Корабельному районі, знеструмлено частину міста.
s14 | tg-kherson-live | tg-kherson-live | uk | 2025-04-09T09:55:00+03:00 | 2025-04-09 | day | @Херсон | settlement | shelling | артилерія | energy.substation | Kherson substation | окупанти | alleges | E5 | | Кажуть, що окупанти знову били по підстанції в Херсоні, світла немає на половині міста.

# s15 A drone on a Belgorod substation, 7 April: again one adequately graded voice and one graded E5.
= s15 energy/ru:ua alleged; energy/ua:ua alleged; air:ua alleged; black-sea not-covered
s15 | ru-belgorod-governor | ru | ru | 2025-04-07T08:40:00+03:00 | 2025-04-07T06:15:00+03:00 | minute | 50.6030,36.6000 | exact | strike | drone.long-range | energy.substation | Belgorod substation | ВСУ | alleges | C3 | /2 | Белгород: беспилотник ВСУ атаковал подстанцию на окраине города, ранены два человека, часть жителей без электричества.
s15 | z-telegram-belgorod | z-telegram-belgorod | ru | 2025-04-07T06:40:00+03:00 | 2025-04-07 | day | @Белгород | settlement | strike | drone.long-range | energy.substation | Belgorod substation | киевский режим | alleges | E5 | | Говорят, что по Белгороду прилетело сразу несколько дронов, горит подстанция, информация не проверена.

# s16 Missiles on a gas compressor station near Poltava, 7 March: before every period.
= s16 energy/ru:ru outside-period; energy/ua:ru outside-period; air:ru outside-period; black-sea not-covered
s16 | naftogaz | ua | uk | 2025-03-07T09:30:00+02:00 | 2025-03-07T04:30:00+02:00 | minute | 49.5980,34.5650 | exact | strike | Kh-101 | energy.gas-pipeline | Poltava gas compressor station | ru | alleges | C3 | | Нафтогаз: унаслідок комбінованого удару ракетами Х-101 та «Іскандер-М» пошкоджено газову інфраструктуру на Полтавщині.
s16 | reuters | reuters | en | 2025-03-07T12:00:00+02:00 | 2025-03-07 | day | @Poltava | settlement | strike | missile.cruise | energy.gas-pipeline | Poltava gas compressor station | Russia | observes | B2 | | Russian missiles hit gas production and transport facilities in the Poltava region, Ukraine's state energy company said.

# s17 Drones on the Tuapse refinery, 5 March: before every period.
= s17 energy/ru:ua outside-period; energy/ua:ua outside-period; air:ua outside-period; black-sea not-covered
s17 | ru-krasnodar-opershtab | ru | ru | 2025-03-05T07:10:00+03:00 | 2025-03-05T04:50:00+03:00 | minute | 44.1100,39.0900 | exact | strike | drone.long-range | energy.oil-refinery | Tuapse refinery | ВСУ | alleges | C3 | | Оперштаб Кубани: в результате атаки БПЛА ВСУ на территории НПЗ в Туапсе произошло возгорание, пострадавших нет.
s17 | ua-general-staff | ua | uk | 2025-03-05T12:00:00+02:00 | 2025-03-05 | day | @Туапсе | settlement | strike | drone.long-range | energy.oil-refinery | Tuapse refinery | ЗСУ | confirms | C3 | | Генштаб ЗСУ: Сили оборони уразили нафтопереробний завод у Туапсе, який забезпечує армію рф пальним.
s17 | firms | firms | en | 2025-03-05T05:30:00+02:00 | 2025-03-05T04:00:00+02:00 | hour | 44.1110,39.0910 | exact | other | unknown | unknown | | | observes | B2 | | Satellite fire detection flagged a thermal anomaly at the Tuapse refinery, consistent with a large fire.

# s18 Drones on a Chernihiv substation, 21 April: after the Russian reading's 30 days, within the Ukrainian reading's.
= s18 energy/ru:ru outside-period; energy/ua:ru corroborated; air:ru outside-period; black-sea not-covered
s18 | ua-energy-ministry | ua | uk | 2025-04-21T08:00:00+03:00 | 2025-04-21T03:30:00+03:00 | minute | 51.4900,31.3000 | exact | strike | Шахед | energy.substation | Chernihiv substation | ru | alleges | C3 | | Міненерго: попри оголошене «великоднє перемир'я», російські дрони пошкодили підстанцію у Чернігові.
s18 | ua-chernihiv-ova | ua | uk | 2025-04-21T04:10:00+03:00 | 2025-04-21T03:30:00+03:00 | minute | @Чернігів | settlement | strike | Shahed-136 | energy.substation | Chernihiv energy facility | ru | alleges | C3 | | Чернігів: ворожий «Шахед» влучив в об'єкт енергетики, виникла пожежа, постраждалих немає.
s18 | mission-monitor | mission | en | 2025-04-22T11:00:00+03:00 | 2025-04-21 | day | 51.4902,31.3004 | exact | strike | drone.long-range | energy.substation | Chernihiv substation | ru | observes | A2 | | Monitors recorded damage to a substation in Chernihiv after a Russian long-range drone attack on the night of 21 April.

# s19 Ballistic missiles on Kyiv at 01:20 on 24 April: eighty minutes after the Ukrainian reading ended.
= s19 energy/ru not-covered; energy/ua:ru outside-period; air:ru outside-period; black-sea not-covered
s19 | ua-kyiv-mva | ua | uk | 2025-04-24T03:00:00+03:00 | 2025-04-24T01:20:00+03:00 | minute | 50.4600,30.5000 | exact | strike | KN-23 | civilian.residential | Kyiv residential building | ru | alleges | C3 | 12/90 | Київ: унаслідок балістичного удару зруйновано житловий будинок, загинули 12 людей, понад 90 поранені.
s19 | ua-air-force | ua | uk | 2025-04-24T08:00:00+03:00 | 2025-04-24T01:20:00+03:00 | minute | 50.4501,30.5234 | settlement | strike | missile.ballistic | civilian.residential | | ru | alleges | C3 | | Повітряні сили: у ніч на 24 квітня ворог застосував по Києву балістичні ракети KN-23.
s19 | reuters | reuters | en | 2025-04-24T09:30:00+03:00 | 2025-04-24 | day | 50.4501,30.5234 | settlement | strike | KN-23 | civilian.residential | Kyiv residential building | Russia | observes | B2 | 12/90 | A Russian missile attack on Kyiv killed 12 people and injured about 90, with North Korean-made KN-23 missiles among those used, officials said.

# s20 Drones on an oil depot in Novorossiysk, 27 April: after every period.
= s20 energy/ru:ua outside-period; energy/ua:ua outside-period; air:ua outside-period; black-sea not-covered
s20 | ru-mod | ru | ru | 2025-04-27T10:00:00+03:00 | 2025-04-27T02:40:00+03:00 | minute | 44.7450,37.7250 | exact | strike | drone.long-range | energy.oil-storage | Novorossiysk oil depot | ВСУ | alleges | C3 | | Минобороны России: ВСУ атаковали беспилотниками нефтебазу в Новороссийске, возгорание ликвидировано.
s20 | tass | ru | ru | 2025-04-27T04:00:00+03:00 | 2025-04-27 | day | @Новороссийск | settlement | strike | drone.long-range | energy.oil-storage | Novorossiysk oil depot | ВСУ | alleges | C4 | | ТАСС: в Новороссийске отражена атака украинских беспилотников на нефтебазу.

# s21 Glide bombs on houses in Zaporizhzhia, 11 April: both reports give only the town's name.
= s21 energy/ru not-covered; energy/ua:ru corroborated; air:ru corroborated; black-sea not-covered
s21 | ua-zaporizhzhia-ova | ua | uk | 2025-04-11T16:45:00+03:00 | 2025-04-11T16:10:00+03:00 | minute | @Запоріжжя | settlement | strike | КАБ | civilian.residential | Zaporizhzhia private houses | ru | alleges | C3 | /5 | Запоріжжя: ворог завдав удару керованими авіабомбами по приватному сектору, п'ятеро людей поранені.
s21 | kyiv-independent | kyiv-independent | en | 2025-04-11T18:20:00+03:00 | 2025-04-11T16:10:00+03:00 | minute | @Zaporizhzhia | settlement | strike | bomb.guided | civilian.residential | Zaporizhzhia private houses | Russian forces | observes | B3 | /5 | Zaporizhzhia: Russian glide bombs hit a residential neighbourhood, injuring five people.

# s22 Shelling of a house in a hamlet the gazetteer does not list, 31 March: the report stays unlocated, so whether it was at sea cannot be told.
= s22 energy/ru not-covered; energy/ua:ru alleged; air not-covered; black-sea insufficient
s22 | ua-kharkiv-ova | ua | uk | 2025-03-31T12:15:00+03:00 | 2025-03-31T10:40:00+03:00 | minute | @Зелений Гай | settlement | shelling | artillery | civilian.residential | | ru | alleges | C3 | /1 | Зелений Гай: унаслідок артилерійського обстрілу пошкоджено приватний будинок, поранено жінку.

# s23 Drones shot down over Kyiv, 23 March.
= s23 energy not-covered; air:ru alleged; black-sea not-covered
s23 | ua-air-force | ua | uk | 2025-03-23T09:00:00+02:00 | 2025-03-23 | day | 50.4501,30.5234 | region | interception | Shahed-136 | unknown | | ru | alleges | C3 | | Повітряні сили: уночі на Київщині збито 42 ударні БпЛА типу «Шахед».
s23 | ua-kyiv-mva | ua | uk | 2025-03-23T04:30:00+02:00 | 2025-03-23T03:00:00+02:00 | hour | 50.4501,30.5234 | settlement | interception | Шахед | unknown | | ru | alleges | C3 | /3 | Київ: сили ППО працюють по ворожих дронах, уламки впали у трьох районах, троє людей травмовано.

# s24 Drones shot down over the Kharkiv region, 15 April.
= s24 energy not-covered; air:ru alleged; black-sea not-covered
s24 | ua-air-force | ua | uk | 2025-04-15T09:00:00+03:00 | 2025-04-15 | day | 49.9935,36.2304 | region | interception | Шахед | unknown | | ru | alleges | C3 | | Повітряні сили: над Харківщиною знешкоджено 18 ударних БпЛА типу «Шахед».
s24 | ua-kharkiv-ova | ua | uk | 2025-04-15T05:20:00+03:00 | 2025-04-15T04:00:00+03:00 | hour | 50.0500,36.3000 | near-settlement | interception | Shahed-136 | unknown | | ru | alleges | C3 | | Харківщина: протягом ночі ППО відпрацювала по «Шахедах» на підльоті до обласного центру.

# s25 Ukrainian drones shot down over the Kursk region, 27 March.
= s25 energy not-covered; air:ua alleged; black-sea not-covered
s25 | ru-mod | ru | ru | 2025-03-27T08:00:00+03:00 | 2025-03-27 | day | 51.7300,36.1930 | region | interception | drone.long-range | unknown | | ВСУ | alleges | C3 | | Минобороны России: за ночь дежурными средствами ПВО перехвачены и уничтожены 27 украинских беспилотных летательных аппаратов над территорией Курской области.
s25 | ru-kursk-governor | ru | ru | 2025-03-27T07:30:00+03:00 | 2025-03-27T02:00:00+03:00 | hour | 51.7300,36.1930 | settlement | interception | drone.long-range | unknown | | ВСУ | alleges | C3 | | Курск: ночью над городом работала ПВО, сбиты несколько беспилотников, пострадавших нет.

# s26 A drone on a municipal boiler house in Mykolaiv, 10 April: heating is outside the Russian reading's five classes.
= s26 energy/ru not-covered; energy/ua:ru corroborated; air:ru corroborated; black-sea not-covered
s26 | ua-mykolaiv-ova | ua | uk | 2025-04-10T06:30:00+03:00 | 2025-04-10T02:50:00+03:00 | minute | 46.9650,32.0050 | exact | strike | Шахед | energy.heating | Mykolaiv boiler house | ru | alleges | C3 | | Миколаїв: уночі «Шахед» влучив у котельню, пошкоджено обладнання, теплопостачання частини будинків припинено.
s26 | mission-monitor | mission | en | 2025-04-11T10:00:00+03:00 | 2025-04-10 | day | 46.9652,32.0048 | exact | strike | Shahed-136 | energy.heating | Mykolaiv boiler house | ru | observes | A2 | | Monitors recorded damage to a municipal boiler house in Mykolaiv consistent with a Shahed-type drone strike launched by Russian forces.

# s27 A glide bomb on an apartment block in Kramatorsk, 22 March.
= s27 energy/ru not-covered; energy/ua:ru outside-period; air:ru alleged; black-sea not-covered
s27 | ua-donetsk-ova | ua | uk | 2025-03-22T13:00:00+02:00 | 2025-03-22T12:20:00+02:00 | minute | 48.7350,37.5650 | exact | strike | КАБ | civilian.residential | Kramatorsk apartment block | ru | alleges | C3 | 2/7 | Краматорськ: окупанти скинули КАБ на житловий квартал, загинули двоє людей, семеро поранені.
s27 | ua-general-staff | ua | uk | 2025-03-22T18:00:00+02:00 | 2025-03-22 | day | @Краматорськ | settlement | strike | bomb.guided | civilian.residential | | ЗС РФ | alleges | C3 | | Генштаб ЗСУ: противник продовжує завдавати авіаударів керованими бомбами по Краматорську.

# s28 Drone attacks on the Ladyzhyn power plant over the week of 14-20 March: the week straddles the start of the Russian reading.
= s28 energy/ru:ru insufficient; energy/ua:ru outside-period; air:ru insufficient; black-sea not-covered
s28 | ua-energy-ministry | ua | uk | 2025-03-21T10:00:00+02:00 | 2025-03-17 | week | 48.6700,29.2200 | exact | strike | drone.long-range | energy.power-plant | Ladyzhyn power plant | ru | alleges | C3 | | Міненерго: протягом тижня російські ударні дрони кілька разів атакували Ладижинську ТЕС, пошкоджено обладнання.

# s29 Missile damage to a Burshtyn power line over the week of 21-27 March: the week straddles the start of the Ukrainian reading.
= s29 energy/ru:ru alleged; energy/ua:ru insufficient; air:ru alleged; black-sea not-covered
s29 | ua-energy-ministry | ua | uk | 2025-03-28T11:00:00+02:00 | 2025-03-24 | week | 49.2450,24.6400 | exact | strike | missile.cruise | energy.transmission-line | Burshtyn power line | ru | alleges | C3 | | Міненерго: упродовж минулого тижня внаслідок ракетних атак пошкоджено лінію електропередачі, що з'єднує Бурштинську ТЕС з енергосистемою.

# s30 A drone on a power line in the Bryansk region, 28 March: Russia alleges, Ukraine denies.
= s30 energy/ru:ua disputed; energy/ua:ua disputed; air:ua disputed; black-sea not-covered
s30 | ru-mod | ru | ru | 2025-03-28T12:00:00+03:00 | 2025-03-28T03:15:00+03:00 | minute | 53.2300,34.3900 | exact | strike | drone.long-range | energy.transmission-line | Bryansk power line | ВСУ | alleges | C3 | | Минобороны России: несмотря на договорённости, ВСУ атаковали беспилотником линию электропередачи в Брянской области.
s30 | ru-mfa | ru | ru | 2025-03-28T15:00:00+03:00 | 2025-03-28 | day | @Брянск | settlement | strike | drone.long-range | energy.transmission-line | Bryansk power line | киевский режим | alleges | C3 | | МИД России: удар по ЛЭП в Брянской области доказывает, что киевский режим не соблюдает мораторий на удары по энергетике.
s30 | ua-general-staff | ua | uk | 2025-03-28T17:00:00+02:00 | 2025-03-28 | day | @Брянськ | settlement | strike | drone.long-range | energy.transmission-line | Bryansk power line | ua | denies | C3 | | Генштаб ЗСУ: Сили оборони не завдавали ударів по енергетичних об'єктах рф, заяви про атаку на ЛЕП на Брянщині — неправда.

# s31 Drones on an oil depot near Kropotkin, 19 March: two Russian sources, one voice.
= s31 energy/ru:ua alleged; energy/ua:ua outside-period; air:ua alleged; black-sea not-covered
s31 | ru-mod | ru | ru | 2025-03-19T11:00:00+03:00 | 2025-03-19T02:30:00+03:00 | minute | 45.4500,40.5900 | exact | strike | drone.long-range | energy.oil-storage | Kropotkin oil depot | ВСУ | alleges | C3 | | Минобороны России: в ночь на 19 марта ВСУ атаковали беспилотниками нефтебазу у Кропоткина в Краснодарском крае, возник пожар.
s31 | tass | ru | ru | 2025-03-19T05:00:00+03:00 | 2025-03-19 | day | @Кропоткин | settlement | strike | drone.long-range | energy.oil-storage | Kropotkin oil depot | ВСУ | alleges | C4 | | ТАСС: на нефтебазе в Кавказском районе Кубани после атаки беспилотников загорелся резервуар.

# s32 A fire at the Krasnodar refinery after a drone attack, 4 April: Ukraine denies.
= s32 energy/ru:ua disputed; energy/ua:ua disputed; air:ua disputed; black-sea not-covered
s32 | ru-krasnodar-opershtab | ru | ru | 2025-04-04T05:30:00+03:00 | 2025-04-04T03:40:00+03:00 | minute | 45.0250,38.9950 | exact | strike | drone.long-range | energy.oil-refinery | Krasnodar refinery | ВСУ | alleges | C3 | | Оперштаб Кубани: после атаки украинских беспилотников на территории НПЗ в Краснодаре произошёл пожар, его площадь уточняется.
s32 | ua-cpd | ua | uk | 2025-04-04T14:00:00+03:00 | 2025-04-04 | day | @Краснодар | settlement | strike | drone.long-range | energy.oil-refinery | Krasnodar refinery | ЗСУ | denies | C3 | | ЦПД: заяви рф про атаку ЗСУ на НПЗ у Краснодарі не відповідають дійсності, Україна дотримується мораторію.
s32 | firms | firms | en | 2025-04-04T05:10:00+03:00 | 2025-04-04T04:00:00+03:00 | hour | 45.0255,38.9960 | exact | other | unknown | unknown | | | observes | B2 | | Satellite fire detection flagged a thermal anomaly at the Krasnodar refinery, consistent with a large fire.

# s33 Drones on an oil depot in Engels, 14 April: Russia alleges and Ukraine confirms.
= s33 energy/ru:ua corroborated; energy/ua:ua corroborated; air:ua corroborated; black-sea not-covered
s33 | ru-saratov-governor | ru | ru | 2025-04-14T07:00:00+04:00 | 2025-04-14T04:20:00+04:00 | minute | 51.4900,46.1400 | exact | strike | drone.long-range | energy.oil-storage | Engels oil depot | ВСУ | alleges | C3 | | Саратовская область: в результате атаки беспилотников ВСУ на нефтебазе в Энгельсе возник пожар, угрозы жителям нет.
s33 | ua-general-staff | ua | uk | 2025-04-14T12:00:00+03:00 | 2025-04-14 | day | @Енгельс | settlement | strike | drone.long-range | energy.oil-storage | Engels oil depot | ЗСУ | confirms | C3 | | Генштаб ЗСУ: Сили оборони уразили нафтобазу в Енгельсі, яка забезпечує пальним стратегічну авіацію рф.

# s34 HIMARS rockets on a power line near Kursk, 25 March: rocket artillery is outside the air truce.
= s34 energy/ru:ua alleged; energy/ua:ua alleged; air not-covered; black-sea not-covered
s34 | ru-mod | ru | ru | 2025-03-25T13:00:00+03:00 | 2025-03-25T09:30:00+03:00 | minute | 51.7150,36.2100 | exact | strike | HIMARS | energy.transmission-line | Kursk power line | ВСУ | alleges | C3 | | Минобороны России: ВСУ нанесли удар реактивными снарядами HIMARS по линии электропередачи в Курской области.
s34 | tass | ru | ru | 2025-03-25T11:00:00+03:00 | 2025-03-25 | day | @Курск | settlement | strike | rocket.mlrs | energy.transmission-line | Kursk power line | ВСУ | alleges | C4 | | ТАСС: в Курской области после обстрела со стороны ВСУ повреждена ЛЭП, без света остались несколько населённых пунктов.

# s35 Rocket fire on the Kupiansk substation, 27 March.
= s35 energy/ru:ru alleged; energy/ua:ru alleged; air not-covered; black-sea not-covered
s35 | ua-kharkiv-ova | ua | uk | 2025-03-27T11:00:00+02:00 | 2025-03-27T09:40:00+02:00 | minute | 49.7050,37.6000 | exact | shelling | Град | energy.substation | Kupiansk substation | ru | alleges | C3 | | Куп'янськ: окупанти обстріляли підстанцію з РСЗВ «Град», місто знеструмлене.
s35 | ukrenergo | ua | uk | 2025-03-27T12:30:00+02:00 | 2025-03-27 | day | @Куп'янськ | settlement | shelling | rocket.mlrs | energy.substation | Kupiansk substation | ru | alleges | C3 | | Укренерго: через обстріл пошкоджено підстанцію, яка живить Куп'янськ, відновлення можливе лише після припинення обстрілів.

# s36 Artillery on houses in Nikopol, 16 April.
= s36 energy/ru not-covered; energy/ua:ru corroborated; air not-covered; black-sea not-covered
s36 | ua-dnipro-ova | ua | uk | 2025-04-16T10:00:00+03:00 | 2025-04-16T08:30:00+03:00 | minute | 47.5700,34.3850 | exact | shelling | artillery | civilian.residential | Nikopol houses | ru | alleges | C3 | /2 | Нікополь: російська армія з самого ранку гатить по місту з важкої артилерії, пошкоджено житлові будинки, двоє поранених.
s36 | mission-monitor | mission | en | 2025-04-17T09:00:00+03:00 | 2025-04-16 | day | 47.5702,34.3855 | exact | shelling | artillery | civilian.residential | Nikopol houses | ru | observes | A2 | /2 | Monitors documented artillery damage to houses in Nikopol from fire originating on the Russian-held left bank of the Dnipro.

# s37 An FPV drone at the Zaporizhzhia nuclear plant's training centre in Enerhodar, 12 April: the plant's Russian-installed management alleges, Ukraine denies.
= s37 energy/ru:ua disputed; energy/ua:ua disputed; air not-covered; black-sea not-covered
s37 | ru-znpp | ru | ru | 2025-04-12T12:00:00+03:00 | 2025-04-12T10:50:00+03:00 | minute | 47.5050,34.6350 | exact | strike | FPV | energy.nuclear | Zaporizhzhia NPP training centre | ВСУ | alleges | C3 | | Администрация ЗАЭС: украинский FPV-дрон атаковал учебно-тренировочный центр Запорожской АЭС в Энергодаре.
s37 | ua-cpd | ua | uk | 2025-04-12T16:00:00+03:00 | 2025-04-12 | day | @Енергодар | settlement | strike | drone.tactical | energy.nuclear | Zaporizhzhia NPP training centre | ua | denies | C3 | | ЦПД: заяви окупантів про атаку ЗСУ на Запорізьку АЕС — провокація, Сили оборони не атакують станцію.

# s38 A drone on port warehouses in Izmail on the Danube, 1 April.
= s38 energy/ru not-covered; energy/ua:ru alleged; air:ru alleged; black-sea not-covered
s38 | ua-odesa-ova | ua | uk | 2025-04-01T05:00:00+03:00 | 2025-04-01T03:20:00+03:00 | minute | 45.3430,28.8450 | exact | strike | Шахед | civilian.port | Izmail port | ru | alleges | C3 | | Ізмаїл: уночі ворог атакував дронами портову інфраструктуру на Дунаї, пошкоджено склади.

# s39 A ballistic missile on the port of Pivdenne, 19 March: on land, so outside the Black Sea zone.
= s39 energy/ru not-covered; energy/ua:ru outside-period; air:ru corroborated; black-sea not-covered
s39 | ua-odesa-ova | ua | uk | 2025-03-19T21:30:00+02:00 | 2025-03-19T20:45:00+02:00 | minute | 46.6300,31.0900 | exact | strike | Іскандер-М | civilian.port | Pivdenne port | ru | alleges | C3 | /4 | Південне: балістична ракета влучила в портову інфраструктуру, четверо працівників поранені.
s39 | reuters | reuters | en | 2025-03-19T23:00:00+02:00 | 2025-03-19T20:45:00+02:00 | minute | 46.6226,31.1013 | settlement | strike | missile.ballistic | civilian.port | Pivdenne port | Russia | observes | B2 | /4 | A Russian ballistic missile hit port infrastructure in Pivdenne near Odesa, wounding four workers, the regional governor said.

# s40 Drones on a substation in Shostka, 1 April: two Ukrainian sources, one voice.
= s40 energy/ru:ru alleged; energy/ua:ru alleged; air:ru alleged; black-sea not-covered
s40 | ua-sumy-ova | ua | uk | 2025-04-01T02:30:00+03:00 | 2025-04-01T01:40:00+03:00 | minute | 51.8700,33.4950 | exact | strike | Shahed-136 | energy.substation | Shostka substation | ru | alleges | C3 | | Шостка: «Шахеди» атакували підстанцію, частина громади без електропостачання.
s40 | ukrenergo | ua | uk | 2025-04-01T09:00:00+03:00 | 2025-04-01 | day | @Шостка | settlement | strike | drone.long-range | energy.substation | Shostka substation | ru | alleges | C3 | | Укренерго: на Сумщині внаслідок нічної атаки дронів пошкоджено обладнання підстанції.

# s41 Cruise missiles on the Kremenchuk refinery, 15 April.
= s41 energy/ru:ru corroborated; energy/ua:ru corroborated; air:ru corroborated; black-sea not-covered
s41 | ua-poltava-ova | ua | uk | 2025-04-15T06:00:00+03:00 | 2025-04-15T04:30:00+03:00 | minute | 49.0800,33.4400 | exact | strike | Х-101 | energy.oil-refinery | Kremenchuk refinery | ru | alleges | C3 | | Кременчук: ворог завдав ракетного удару по нафтопереробному заводу, виникла пожежа.
s41 | reuters | reuters | en | 2025-04-15T10:00:00+03:00 | 2025-04-15 | day | 49.0670,33.4200 | settlement | strike | Kh-101 | energy.oil-refinery | Kremenchuk refinery | Russia | observes | B2 | | Russian cruise missiles struck the Kremenchuk oil refinery in central Ukraine, setting it on fire, according to witnesses.

# s42 Drones on an oil depot in Feodosia, 9 April.
= s42 energy/ru:ua alleged; energy/ua:ua alleged; air:ua alleged; black-sea not-covered
s42 | ru-crimea-head | ru | ru | 2025-04-09T06:30:00+03:00 | 2025-04-09T04:10:00+03:00 | minute | 45.0450,35.3600 | exact | strike | drone.long-range | energy.oil-storage | Feodosia oil depot | ВСУ | alleges | C3 | | Глава Крыма: ночью ВСУ атаковали беспилотниками нефтебазу в Феодосии, возгорание локализовано.
s42 | tass | ru | ru | 2025-04-09T07:00:00+03:00 | 2025-04-09 | day | @Феодосия | settlement | strike | drone.long-range | energy.oil-storage | Feodosia oil depot | ВСУ | alleges | C4 | | ТАСС: в Феодосии отражена атака украинских беспилотников на нефтебазу, пострадавших нет.

# s43 Drones shot down over Sevastopol, 16 April: over the city, not over the sea.
= s43 energy not-covered; air:ua alleged; black-sea not-covered
s43 | ru-sevastopol-governor | ru | ru | 2025-04-16T02:30:00+03:00 | 2025-04-16T01:50:00+03:00 | minute | 44.5500,33.5500 | settlement | interception | drone.long-range | unknown | | ВСУ | alleges | C3 | | Севастополь: силами ПВО над городом сбиты два беспилотника ВСУ, объекты не пострадали.

# s44 An FPV drone on a city bus in Kherson, 19 April.
= s44 energy/ru not-covered; energy/ua:ru alleged; air not-covered; black-sea not-covered
s44 | ua-kherson-ova | ua | uk | 2025-04-19T09:30:00+03:00 | 2025-04-19T08:50:00+03:00 | minute | 46.6300,32.6000 | exact | strike | FPV | civilian.transport | Kherson city bus | ru | alleges | C3 | /2 | Херсон: російський FPV-дрон атакував міський автобус, поранені водій і пасажирка.

# s45 Drones on an aircraft plant in Taganrog, 5 April: a military target, claimed by Ukraine and reported by Russia.
= s45 energy not-covered; air:ua corroborated; black-sea not-covered
s45 | ua-general-staff | ua | uk | 2025-04-05T13:00:00+03:00 | 2025-04-05 | day | 47.2150,38.9150 | settlement | strike | drone.long-range | military | Taganrog aircraft plant | ЗСУ | confirms | C3 | | Генштаб ЗСУ: уражено авіаремонтне підприємство в Таганрозі, де обслуговуються літаки ДРЛВ рф.
s45 | ru-rostov-governor | ru | ru | 2025-04-05T04:30:00+03:00 | 2025-04-05T03:50:00+03:00 | minute | 47.2100,38.9300 | exact | strike | drone.long-range | military | Taganrog aircraft plant | ВСУ | alleges | C3 | /1 | Ростовская область: в Таганроге при отражении атаки БПЛА ВСУ повреждена территория авиационного предприятия, ранен охранник.

# s46 A ballistic missile near a school in Uman, 17 April: the day after the air truce's 30 days.
= s46 energy/ru not-covered; energy/ua:ru alleged; air:ru outside-period; black-sea not-covered
s46 | ua-cherkasy-ova | ua | uk | 2025-04-17T11:00:00+03:00 | 2025-04-17T09:20:00+03:00 | minute | 48.7550,30.2300 | exact | strike | Іскандер-М | civilian.education | Uman school | ru | alleges | C3 | /4 | Умань: балістична ракета влучила поблизу школи, пошкоджено будівлю, четверо людей травмовано.

# s47 Drones on the Dnipro combined heat and power plant, 24 March: the day before the Ukrainian reading starts.
= s47 energy/ru:ru corroborated; energy/ua:ru outside-period; air:ru corroborated; black-sea not-covered
s47 | ua-energy-ministry | ua | uk | 2025-03-24T09:00:00+02:00 | 2025-03-24T04:10:00+02:00 | minute | 48.4700,35.0300 | exact | strike | Shahed-136 | energy.power-plant | Dnipro CHP | ru | alleges | C3 | | Міненерго: у Дніпрі ударні БпЛА пошкодили ТЕЦ, ліквідовується пожежа.
s47 | mission-monitor | mission | en | 2025-03-25T12:00:00+02:00 | 2025-03-24 | day | 48.4702,35.0305 | exact | strike | drone.long-range | energy.power-plant | Dnipro CHP | ru | observes | A2 | | Monitors recorded fire damage at a combined heat and power plant in Dnipro after an overnight attack by Russian long-range drones.

# s48 Assaults on positions near Kupiansk, 5 April: covered by no commitment.
= s48 energy not-covered; air not-covered; black-sea not-covered
s48 | ua-general-staff | ua | uk | 2025-04-05T18:00:00+03:00 | 2025-04-05 | day | 49.7400,37.6700 | near-settlement | ground-attack | small-arms | military | | ЗС РФ | alleges | C3 | | Генштаб ЗСУ: на Куп'янському напрямку противник шість разів штурмував позиції Сил оборони, усі атаки відбито.
s48 | ru-mod | ru | ru | 2025-04-05T14:00:00+03:00 | 2025-04-05 | day | 49.7500,37.6800 | near-settlement | ground-attack | small-arms | military | | ВС РФ | confirms | C3 | | Минобороны России: подразделения группировки «Запад» улучшили тактическое положение в районе Купянска.

# s49 Drones on the railway station in Konotop before dawn on 18 March, the first day of the Russian reading.
= s49 energy/ru not-covered; energy/ua:ru outside-period; air:ru alleged; black-sea not-covered
s49 | ua-sumy-ova | ua | uk | 2025-03-18T06:00:00+02:00 | 2025-03-18T03:40:00+02:00 | minute | 51.2350,33.2200 | exact | strike | Шахед | civilian.transport | Konotop railway station | ru | alleges | C3 | | Конотоп: уночі ворожі дрони атакували залізничну інфраструктуру, пошкоджено вокзал.
s49 | ukrzaliznytsia | ua | uk | 2025-03-18T07:30:00+02:00 | 2025-03-18 | day | @Конотоп | settlement | strike | drone.long-range | civilian.transport | Konotop railway station | ru | alleges | C3 | | Укрзалізниця: через нічну атаку на Конотоп приміські поїзди курсують зі змінами.
"#;

/// One report of the scenario table, as written.
struct Line<'a> {
    scenario: &'a str,
    cols: Vec<&'a str>,
}

/// The scenario table's report lines, in order. Each has 18 columns when the
/// table is well formed (a test checks it).
fn lines() -> impl Iterator<Item = Line<'static>> {
    SCENARIOS
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with('='))
        .map(|l| {
            let cols: Vec<&str> = l.split('|').map(str::trim).collect();
            Line {
                scenario: cols.first().copied().unwrap_or(""),
                cols,
            }
        })
}

/// The 22 canonical fields of a scenario report; `k` is its 1-based position
/// in its scenario, for the external id.
fn scenario_row(line: &Line, k: usize, row: &mut Row) {
    let col = |i: usize| line.cols.get(i).copied().unwrap_or("");
    for f in row.iter_mut() {
        f.clear();
    }
    let lang = match col(3) {
        "uk" => Lang::Uk,
        "ru" => Lang::Ru,
        _ => Lang::En,
    };
    row[0].push_str(col(1));
    row[1].push_str(&format!("demo-{}-{k}", line.scenario));
    row[2].push_str(col(4));
    row[3].push_str(col(5));
    row[4].push_str(col(6));
    match col(7).strip_prefix('@') {
        Some(place) => row[7].push_str(place),
        None => {
            let (lat, lon) = col(7).split_once(',').unwrap_or(("", ""));
            row[5].push_str(lat);
            row[6].push_str(lon);
        }
    }
    row[8].push_str(col(8));
    for (field, c) in [
        (9, 9),
        (10, 10),
        (11, 11),
        (12, 12),
        (13, 13),
        (14, 2),
        (15, 14),
    ] {
        row[field].push_str(col(c));
    }
    let grade = col(15);
    if let Some(first) = grade.chars().next() {
        row[16].push(first);
        row[17].push_str(&grade[first.len_utf8()..]);
    }
    let (killed, injured) = col(16).split_once('/').unwrap_or(("", ""));
    row[18].push_str(killed);
    row[19].push_str(injured);
    row[20].push_str(col(17));
    row[20].push_str(lang.label());
    row[21].push_str(&format!("https://example.org/demo/{}/{}", row[0], row[1]));
}

/// Where and when a scenario happens, to keep background traffic away.
struct Footprint {
    centre: (f64, f64),
    /// Every report lies within this many km of the centre, radius included.
    reach_km: f64,
    first_day: i64,
    last_day: i64,
}

fn day_of(date: &str) -> Option<i64> {
    let d: jiff::civil::Date = date.get(..10)?.parse().ok()?;
    Some(generate::day_number(d))
}

fn radius_km(geo: &str) -> f64 {
    match geo {
        "exact" => 1.0,
        "settlement" => 5.0,
        "near-settlement" => 25.0,
        "region" => 150.0,
        _ => 1500.0,
    }
}

fn footprints() -> Vec<Footprint> {
    /// A scenario's located reports (point, radius) and days, as read so far.
    struct Acc {
        scenario: &'static str,
        points: Vec<((f64, f64), f64)>,
        first_day: i64,
        last_day: i64,
    }
    let mut accs: Vec<Acc> = Vec::new();
    for line in lines() {
        let col = |i: usize| line.cols.get(i).copied().unwrap_or("");
        let point = match col(7).strip_prefix('@') {
            Some(place) => generate::find_town(place).map(|i| (TOWNS[i].lat, TOWNS[i].lon)),
            None => col(7)
                .split_once(',')
                .and_then(|(a, b)| Some((a.parse().ok()?, b.parse().ok()?))),
        };
        let Some(day) = day_of(col(5)) else { continue };
        let spread = match col(6) {
            "week" => 3,
            "month" => 31,
            _ => 0,
        };
        if accs.last().is_none_or(|a| a.scenario != line.scenario) {
            accs.push(Acc {
                scenario: line.scenario,
                points: Vec::new(),
                first_day: day,
                last_day: day,
            });
        }
        if let Some(acc) = accs.last_mut() {
            if let Some(p) = point {
                acc.points.push((p, radius_km(col(8))));
            }
            acc.first_day = acc.first_day.min(day - spread);
            acc.last_day = acc.last_day.max(day + spread);
        }
    }
    accs.into_iter()
        .filter(|acc| !acc.points.is_empty())
        .map(|acc| {
            let n = acc.points.len() as f64;
            let centre = (
                acc.points.iter().map(|(p, _)| p.0).sum::<f64>() / n,
                acc.points.iter().map(|(p, _)| p.1).sum::<f64>() / n,
            );
            let reach_km = acc
                .points
                .iter()
                .map(|(p, r)| generate::distance_km(centre, *p) + r)
                .fold(0.0, f64::max);
            Footprint {
                centre,
                reach_km,
                first_day: acc.first_day,
                last_day: acc.last_day,
            }
        })
        .collect()
}

/// The demo data set as canonical CSV: the scenarios first, then background
/// reports, `DEMO_ROWS` reports in all. The same bytes on every call.
pub fn demo_csv() -> String {
    // Only memory is written to, and only text: this cannot fail.
    write_demo_csv().expect("the demo data set is written to memory")
}

fn write_demo_csv() -> Result<String, Box<dyn std::error::Error>> {
    let mut wtr = csv::Writer::from_writer(Vec::with_capacity(DEMO_ROWS * 400));
    wtr.write_record(HEADER)?;
    let mut row: Row = Default::default();
    let mut written = 0;
    let mut previous = "";
    let mut k = 0;
    for line in lines() {
        k = if line.scenario == previous { k + 1 } else { 1 };
        previous = line.scenario;
        scenario_row(&line, k, &mut row);
        wtr.write_record(row.iter())?;
        written += 1;
    }

    // Background traffic: generated events between 1 March and 30 April, each
    // kept out of reach of every scenario on nearby days, so that no scenario
    // gains a report it was not written with.
    let footprints = footprints();
    let mut g = Gen::new(
        2025,
        Style {
            id_prefix: "demo-bg".to_string(),
            label: true,
            coarse_times: false,
            gazetteer_only: true,
        },
    );
    let first = generate::day_number(jiff::civil::date(2025, 3, 1));
    let last = generate::day_number(jiff::civil::date(2025, 4, 30));
    let mut sink = |r: &Row| wtr.write_record(r.iter());
    for _ in 0..100_000 {
        if written >= DEMO_ROWS {
            break;
        }
        let day = g.rng.gen_range(first..=last);
        let ev = g.draw_event(day);
        // A background report lies within 30 km of its event (a place name
        // stands for the town centre) and claims at most 150 km around it:
        // 200 km beyond a scenario's reach keeps the two apart.
        let clash = footprints.iter().any(|f| {
            (f.first_day - 1..=f.last_day + 1).contains(&day)
                && generate::distance_km(f.centre, (ev.lat, ev.lon)) < f.reach_km + 200.0
        });
        if clash {
            continue;
        }
        written += g.emit(&ev, DEMO_ROWS - written, &mut sink)?;
    }
    Ok(String::from_utf8(wtr.into_inner()?)?)
}

/// A small CSV in the canonical format whose data rows 2 to 7 are invalid, each
/// in one way: latitude 95, act "bombing", occurred_at "yesterday",
/// reliability "Z", an empty external_id, killed "-3". Rows 1 and 8 are valid.
pub fn demo_bad_rows() -> String {
    // The header is plain words joined by commas: nothing in it needs quoting.
    let mut out = HEADER.join(",");
    out.push('\n');
    out.push_str(BAD_ROWS);
    out
}

const BAD_ROWS: &str = "\
demo-bad,bad-1,2025-04-02T10:00:00+03:00,2025-04-02T08:30:00+03:00,minute,49.9935,36.2304,,settlement,strike,Shahed-136,energy.substation,Kharkiv substation,ru,demo,alleges,C,3,,,Valid: a drone strike on a substation in Kharkiv. [illustrative],https://example.org/demo-bad/bad-1
demo-bad,bad-2,2025-04-02T10:05:00+03:00,2025-04-02T08:40:00+03:00,minute,95,36.2304,,settlement,strike,Shahed-136,energy.substation,Kharkiv substation,ru,demo,alleges,C,3,,,Invalid: latitude 95 is off the globe. [illustrative],https://example.org/demo-bad/bad-2
demo-bad,bad-3,2025-04-03T10:00:00+03:00,2025-04-03T07:00:00+03:00,minute,46.4825,30.7233,,settlement,bombing,KAB,civilian.residential,,ru,demo,alleges,C,3,,1,Invalid: bombing is not an act. [illustrative],https://example.org/demo-bad/bad-3
demo-bad,bad-4,2025-04-04T10:00:00+03:00,yesterday,day,47.8388,35.1396,,settlement,shelling,artillery,civilian.residential,,ru,demo,alleges,C,3,,,Invalid: yesterday is not a date. [illustrative],https://example.org/demo-bad/bad-4
demo-bad,bad-5,2025-04-05T10:00:00+03:00,2025-04-05,day,51.7300,36.1930,,settlement,strike,drone.long-range,energy.substation,Kursk substation,ua,demo,alleges,Z,3,,,Invalid: reliability runs from A to F. [illustrative],https://example.org/demo-bad/bad-5
demo-bad,,2025-04-06T10:00:00+03:00,2025-04-06,day,46.6354,32.6169,,settlement,shelling,artillery,energy.substation,Kherson substation,ru,demo,alleges,C,3,,,Invalid: the external_id is missing. [illustrative],https://example.org/demo-bad/missing
demo-bad,bad-7,2025-04-07T10:00:00+03:00,2025-04-07,day,48.4647,35.0462,,settlement,strike,Shahed-136,civilian.residential,,ru,demo,alleges,C,3,-3,,Invalid: killed cannot be negative. [illustrative],https://example.org/demo-bad/bad-7
demo-bad,bad-8,2025-04-08T10:00:00+03:00,2025-04-08,day,,,Odesa,settlement,interception,Shahed-136,unknown,,ru,demo,alleges,,,,,Valid: drones shot down over Odesa and located by name only. [illustrative],https://example.org/demo-bad/bad-8
";

/// A finding the demo set is built to produce: the incident that contains the
/// given report, judged against a commitment (and reading), for an accused
/// party, has the given status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expectation {
    /// The scenario: `s01` to `s49`, `s04b` or `s12b`.
    pub scenario: &'static str,
    /// A report of the incident: its source and external id.
    pub source: &'static str,
    pub external_id: String,
    pub commitment: &'static str,
    /// `None`: every reading of the commitment (or a commitment without readings).
    pub reading: Option<&'static str>,
    /// `None`: every party the incident's reports accuse.
    pub party: Option<&'static str>,
    /// A status id (`corroborated`, `outside-period`, …).
    pub status: &'static str,
}

/// The findings the demo scenarios are designed to produce under
/// `agreements/partial-truce-2025.toml`.
pub fn demo_expectations() -> Vec<Expectation> {
    let mut first_source = std::collections::HashMap::new();
    for line in lines() {
        first_source
            .entry(line.scenario)
            .or_insert_with(|| line.cols.get(1).copied().unwrap_or(""));
    }
    let mut out = Vec::new();
    for l in SCENARIOS
        .lines()
        .filter_map(|l| l.trim().strip_prefix("= "))
    {
        let Some((scenario, rest)) = l.split_once(' ') else {
            continue;
        };
        for item in rest.split(';') {
            let Some((target, status)) = item.trim().split_once(' ') else {
                continue;
            };
            let (commitment_reading, party) = match target.split_once(':') {
                Some((c, p)) => (c, Some(p)),
                None => (target, None),
            };
            let (commitment, reading) = match commitment_reading.split_once('/') {
                Some((c, r)) => (c, Some(r)),
                None => (commitment_reading, None),
            };
            out.push(Expectation {
                scenario,
                source: first_source.get(scenario).copied().unwrap_or(""),
                external_id: format!("demo-{scenario}-1"),
                commitment,
                reading,
                party,
                status: status.trim(),
            });
        }
    }
    out
}

/// Statements for the demo's review of statements, as JSON Lines (the input
/// of `truce statements ingest`): invented, and labelled so. The first
/// names no place, so its candidate waits for a monitor to place it (in
/// Odesa, where the s04 scenario's substation strike was); the second
/// repeats an old claim, for a monitor to reject; the third is a morning
/// tally.
pub const DEMO_STATEMENTS: &str = concat!(
    r#"{"source":"ua-energy-statements","published_at":"2025-04-06T08:30:00+03:00","lang":"uk","url":"https://example.org/demo-statements/1","text":"Уночі ворог атакував ударними БпЛА типу «Шахед» енергетичну інфраструктуру на півдні. Пошкоджено підстанцію, без світла понад 40 тисяч споживачів. [illustrative]"}"#,
    "\n",
    r#"{"source":"ru-mod-statements","published_at":"2025-04-07T10:00:00+03:00","lang":"ru","url":"https://example.org/demo-statements/2","text":"Минобороны России напоминает: 21 марта киевский режим подорвал газоизмерительную станцию «Суджа» в Курской области. [illustrative]"}"#,
    "\n",
    r#"{"source":"ua-airforce-statements","published_at":"2025-04-08T09:00:00+03:00","lang":"en","url":"https://example.org/demo-statements/3","text":"Overnight, Russia attacked with 46 Shahed drones. Air defence shot down 31 of them over Kharkiv, Sumy and Poltava oblasts. [illustrative]"}"#,
    "\n",
);

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeSet, HashMap, HashSet};
    use truce_model::time::{event_interval, parse_instant};
    use truce_model::{
        Act, Credibility, GeoPrecision, Means, Period, Reliability, Stance, TargetClass,
        TimePrecision,
    };

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    fn records(csv_text: &str) -> Result<Vec<csv::StringRecord>, csv::Error> {
        let mut rdr = csv::Reader::from_reader(csv_text.as_bytes());
        rdr.records().collect()
    }

    fn kyiv() -> Result<jiff::tz::TimeZone, jiff::Error> {
        jiff::tz::TimeZone::get("Europe/Kyiv")
    }

    #[test]
    fn parses_with_the_exact_header_and_22_fields() -> TestResult {
        let data = demo_csv();
        let mut rdr = csv::Reader::from_reader(data.as_bytes());
        assert_eq!(rdr.headers()?.iter().collect::<Vec<_>>(), HEADER);
        assert_eq!(data.lines().next(), Some(HEADER.join(",").as_str()));
        let rows = records(&data)?;
        assert!((250..=400).contains(&rows.len()), "{}", rows.len());
        assert!(rows.iter().all(|r| r.len() == 22));
        Ok(())
    }

    #[test]
    fn identical_on_every_call() {
        assert_eq!(demo_csv(), demo_csv());
        assert_eq!(demo_bad_rows(), demo_bad_rows());
    }

    #[test]
    fn ids_are_unique_and_every_text_is_labelled() -> TestResult {
        let mut ids = HashSet::new();
        for r in records(&demo_csv())? {
            assert!(ids.insert((r[0].to_string(), r[1].to_string())), "{r:?}");
            let text = &r[20];
            assert!(
                [Lang::En, Lang::Uk, Lang::Ru]
                    .iter()
                    .any(|l| text.ends_with(l.label())),
                "{text}"
            );
            assert!(r[21].starts_with("https://example.org/"));
        }
        Ok(())
    }

    #[test]
    fn the_scenario_table_is_well_formed() {
        let mut scenarios = BTreeSet::new();
        for line in lines() {
            assert_eq!(line.cols.len(), 18, "{}", line.cols.join(" | "));
            scenarios.insert(line.scenario);
        }
        assert!((35..=55).contains(&scenarios.len()), "{}", scenarios.len());
        let expected: BTreeSet<_> = demo_expectations().iter().map(|e| e.scenario).collect();
        assert_eq!(
            scenarios, expected,
            "every scenario states its expected findings"
        );
    }

    #[test]
    fn every_field_is_valid() -> TestResult {
        let agreement = truce_model::parse_agreement(
            include_str!("../../../agreements/partial-truce-2025.toml"),
            &|_| Ok(r#"{"type":"Polygon","coordinates":[[[28,41],[42,41],[42,47],[28,47],[28,41]]]}"#.to_string()),
        )
        .map_err(|d| format!("{d:?}"))?;
        let parties = agreement.party_resolver();
        let tz = kyiv()?;
        for r in records(&demo_csv())? {
            let f = |i: usize| r.get(i).unwrap_or("");
            let occurred = parse_instant(f(3), &tz)?;
            let precision = TimePrecision::parse(f(4))?;
            let interval = event_interval(occurred, precision, &tz);
            if !f(2).is_empty() {
                let reported = parse_instant(f(2), &tz)?;
                assert!(
                    reported >= interval.start,
                    "reported before the event: {r:?}"
                );
            }
            if f(5).is_empty() {
                assert!(f(6).is_empty() && !f(7).is_empty(), "{r:?}");
            } else {
                let lat: f64 = f(5).parse()?;
                let lon: f64 = f(6).parse()?;
                assert!(
                    (44.0..=54.0).contains(&lat) && (22.0..=47.0).contains(&lon),
                    "{r:?}"
                );
            }
            GeoPrecision::parse(f(8))?;
            Act::parse(f(9))?;
            Means::parse_or_model(f(10))?;
            TargetClass::parse(f(11))?;
            if !f(13).is_empty() {
                assert!(parties.resolve(f(13)).is_some(), "unknown party {}", f(13));
            }
            Stance::parse(f(15))?;
            if !f(16).is_empty() {
                Reliability::parse(f(16))?;
            }
            if !f(17).is_empty() {
                Credibility::parse(f(17))?;
            }
            for c in [18, 19] {
                if !f(c).is_empty() {
                    f(c).parse::<u32>()?;
                }
            }
            // Ukrainian and English sources write Kyiv time: check the offset
            // against the time zone database.
            let ru = f(20).ends_with(Lang::Ru.label());
            for c in [2, 3] {
                if f(c).len() > 10 && !ru {
                    let ts: jiff::Timestamp = f(c).parse()?;
                    let secs = tz.to_offset(ts).seconds();
                    let want = format!("+{:02}:{:02}", secs / 3600, secs % 3600 / 60);
                    assert!(f(c).ends_with(&want), "{} should end with {want}", f(c));
                }
            }
        }
        Ok(())
    }

    #[test]
    fn covers_every_stance_and_kind_of_event() -> TestResult {
        let rows = records(&demo_csv())?;
        let set = |i: usize| {
            rows.iter()
                .map(|r| r[i].to_string())
                .collect::<HashSet<_>>()
        };
        for stance in ["alleges", "denies", "confirms", "observes"] {
            assert!(set(15).contains(stance), "{stance}");
        }
        for act in [
            "strike",
            "interception",
            "launch",
            "shelling",
            "sabotage",
            "naval-operation",
        ] {
            assert!(set(9).contains(act), "{act}");
        }
        let targets = set(11);
        assert!(targets.iter().any(|t| t.starts_with("energy.")));
        assert!(targets.iter().any(|t| t.starts_with("civilian.")));
        assert!(targets.contains("unknown"));
        let means: HashSet<_> = rows
            .iter()
            .filter_map(|r| Means::parse_or_model(&r[10]).ok())
            .map(|m| m.family())
            .collect();
        for family in ["missile", "bomb", "drone"] {
            assert!(means.contains(family), "{family}");
        }
        // Place names alone: at least one that no gazetteer knows.
        assert!(
            rows.iter()
                .any(|r| &r[7] == "Зелений Гай" && r[5].is_empty())
        );
        assert!(rows.iter().any(|r| &r[16] == "E" && &r[17] == "5"));
        Ok(())
    }

    #[test]
    fn expectations_cover_every_status_of_every_reading() {
        let exp = demo_expectations();
        let statuses = [
            "not-covered",
            "outside-period",
            "alleged",
            "corroborated",
            "disputed",
            "insufficient",
        ];
        for (commitment, reading) in [
            ("energy", Some("ru")),
            ("energy", Some("ua")),
            ("air", None),
            ("black-sea", None),
        ] {
            for status in statuses {
                assert!(
                    exp.iter().any(|e| e.commitment == commitment
                        && (e.reading.is_none() || e.reading == reading)
                        && e.status == status),
                    "{commitment} {reading:?} {status}"
                );
            }
        }
        assert!(exp.iter().all(|e| !e.source.is_empty()));
    }

    /// What the correlator compares, per report.
    struct Seen {
        scenario: String,
        interval: Period,
        point: Option<(f64, f64)>,
        radius: f64,
        act: String,
        family: String,
        name: String,
    }

    fn act_class(act: &str) -> &str {
        match act {
            "interception" | "launch" => act,
            _ => "destructive",
        }
    }

    /// Whether two reports could be joined into one incident under the
    /// correlator's rules; names are compared only when `names` is set.
    fn linked(a: &Seen, b: &Seen, names: bool) -> bool {
        let hour = 3600;
        let time = a.interval.start - hour < b.interval.end + hour
            && b.interval.start - hour < a.interval.end + hour;
        let place = match (a.point, b.point) {
            (Some(p), Some(q)) => generate::distance_km(p, q) <= a.radius + b.radius + 2.0,
            _ => false,
        };
        let acts = act_class(&a.act) == act_class(&b.act);
        let families = a.family == b.family || a.family == "unknown" || b.family == "unknown";
        let significant = |s: &str| -> HashSet<String> {
            s.split_whitespace()
                .map(str::to_lowercase)
                .filter(|w| w.chars().count() >= 4)
                .collect()
        };
        let named = !names
            || a.name.is_empty()
            || b.name.is_empty()
            || !significant(&a.name).is_disjoint(&significant(&b.name));
        time && place && acts && families && named
    }

    fn seen() -> Result<Vec<Seen>, Box<dyn std::error::Error>> {
        let tz = kyiv()?;
        let mut out = Vec::new();
        for r in records(&demo_csv())? {
            let occurred = parse_instant(&r[3], &tz)?;
            let point = if r[5].is_empty() {
                generate::find_town(&r[7]).map(|i| (TOWNS[i].lat, TOWNS[i].lon))
            } else {
                Some((r[5].parse()?, r[6].parse()?))
            };
            let id = &r[1];
            let scenario = match id.strip_prefix("demo-") {
                Some(rest) if !id.starts_with("demo-bg") => {
                    rest.split('-').next().unwrap_or("").to_string()
                }
                _ => format!("background {id}"),
            };
            out.push(Seen {
                scenario,
                interval: event_interval(occurred, TimePrecision::parse(&r[4])?, &tz),
                point,
                radius: GeoPrecision::parse(&r[8])?.radius_km(),
                act: r[9].to_string(),
                family: TargetClass::parse(&r[11])?.family().to_string(),
                name: r[12].to_string(),
            });
        }
        Ok(out)
    }

    #[test]
    fn each_scenario_is_one_incident_and_apart_from_all_others() -> TestResult {
        let all = seen()?;
        let mut by_scenario: HashMap<&str, Vec<&Seen>> = HashMap::new();
        for s in all.iter().filter(|s| !s.scenario.starts_with("background")) {
            by_scenario.entry(&s.scenario).or_default().push(s);
        }
        // Within a scenario, every report joins the first through a chain of
        // links.
        for (id, reports) in &by_scenario {
            let mut reached = vec![false; reports.len()];
            reached[0] = true;
            let mut changed = true;
            while changed {
                changed = false;
                for i in 0..reports.len() {
                    for j in 0..reports.len() {
                        if reached[i] && !reached[j] && linked(reports[i], reports[j], true) {
                            reached[j] = true;
                            changed = true;
                        }
                    }
                }
            }
            assert!(
                reached.iter().all(|r| *r) || reports.len() == 1,
                "scenario {id} falls apart"
            );
        }
        // Across scenarios and background reports, no link at all, whatever
        // the names say.
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                if a.scenario != b.scenario
                    && !(a.scenario.starts_with("background")
                        && b.scenario.starts_with("background"))
                {
                    assert!(
                        !linked(a, b, false),
                        "{} and {} would merge",
                        a.scenario,
                        b.scenario
                    );
                }
            }
        }
        Ok(())
    }

    #[test]
    fn place_names_resolve_except_the_hamlet() -> TestResult {
        for r in records(&demo_csv())? {
            if r[5].is_empty() && &r[7] != "Зелений Гай" {
                let town = generate::find_town(&r[7]).map(|i| TOWNS[i]);
                assert!(
                    town.is_some_and(|t| t.gazetteer),
                    "{} is not in the gazetteer list",
                    &r[7]
                );
            }
        }
        Ok(())
    }

    #[test]
    fn bad_rows_are_bad_in_the_stated_ways() -> TestResult {
        let rows = records(&demo_bad_rows())?;
        assert_eq!(rows.len(), 8);
        assert!(rows.iter().all(|r| r.len() == 22));
        assert_eq!(&rows[1][5], "95");
        assert!(Act::parse(&rows[2][9]).is_err());
        assert!(parse_instant(&rows[3][3], &kyiv()?).is_err());
        assert!(Reliability::parse(&rows[4][16]).is_err());
        assert!(rows[5][1].is_empty());
        assert!(rows[6][18].parse::<u32>().is_err());
        for r in [&rows[0], &rows[7]] {
            Act::parse(&r[9])?;
            Means::parse_or_model(&r[10])?;
            TargetClass::parse(&r[11])?;
            parse_instant(&r[3], &kyiv()?)?;
        }
        Ok(())
    }
}
