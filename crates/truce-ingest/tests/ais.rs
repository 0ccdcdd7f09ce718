//! AIS decoding: published vectors from gpsd's and libais's own test suites
//! (each citing the file it comes from), "not available" values, the
//! reassembly of multi-sentence messages (interleaved, lost, expired), bad
//! lines, bounded memory, and property tests: fields encoded by
//! `truce_synth::ais::encode` (written separately) come back from the
//! decoder, and no input makes it panic.

mod common;

use common::{Lazy, Part};
use proptest::prelude::*;
use truce_ingest::ais::{self, AisMessage, Decoder, Limits, Reason};
use truce_synth::ais::encode;

/// Decodes a whole text; returns the messages and the decoder.
fn decode_all(text: &str) -> (Vec<AisMessage>, Decoder) {
    let mut d = Decoder::default();
    let mut out = Vec::new();
    ais::read(text.as_bytes(), &mut d, |m, _| out.push(m)).expect("read from memory");
    (out, d)
}

/// The one message a text holds, with no problem on the way.
fn one(text: &str) -> AisMessage {
    let (mut ms, mut d) = decode_all(text);
    let problems = d.take_problems();
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(ms.len(), 1, "{ms:?}");
    ms.remove(0)
}

#[track_caller]
fn near(got: Option<f64>, want: f64) {
    let g = got.unwrap_or_else(|| panic!("expected {want}, got None"));
    assert!((g - want).abs() < 1e-6, "got {g}, expected {want}");
}

// --- gpsd: test/sample.aivdm (sentences) and test/sample.aivdm.chk (the
// decoded fields, positions in 1/10,000 minute, speed and course in tenths).

#[test]
fn gpsd_type_1() {
    // gpsd test/sample.aivdm, "Type 1: From Kurt Schwehr"; sample.aivdm.chk
    // line 1: 1|0|371798000|0|-127|123|1|-74037230|29028980|2240|215|33
    let m = one("!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A");
    assert_eq!((m.msg_type, m.repeat, m.mmsi), (1, 0, 371_798_000));
    assert_eq!(m.status, Some(0));
    assert_eq!(m.turn, None, "ROT -127: turning left, no turn indicator");
    near(m.speed, 12.3);
    assert_eq!(m.accuracy, Some(true));
    near(m.lon, -74_037_230.0 / 600_000.0);
    near(m.lat, 29_028_980.0 / 600_000.0);
    near(m.course, 224.0);
    assert_eq!(m.heading, Some(215));
    assert_eq!(m.second, Some(33));
    assert_eq!(m.channel, Some('A'));
}

#[test]
fn gpsd_type_1_heading_not_available() {
    // gpsd test/sample.aivdm, second type 1; .chk:
    // 1|0|440348000|0|-128|0|0|-42454920|25848090|934|511|13
    let m = one("!AIVDM,1,1,,A,16SteH0P00Jt63hHaa6SagvJ087r,0*42");
    assert_eq!(m.mmsi, 440_348_000);
    assert_eq!(m.turn, None, "ROT -128 is not available");
    near(m.speed, 0.0);
    assert_eq!(m.accuracy, Some(false));
    near(m.lon, -70.7582);
    near(m.lat, 43.08015);
    near(m.course, 93.4);
    assert_eq!(m.heading, None, "heading 511 is not available");
    assert_eq!(m.second, Some(13));
}

#[test]
fn gpsd_type_1_cut_short_and_full_length_agree() {
    // gpsd test/sample.aivdm, "type=1 length=163" and "length=168"; .chk:
    // 1|0|244740981|0|-128|0|1|3442480|31919541|0|511|45 (both)
    let short = one("!AIVDM,1,1,,A,13aIkM@P00PJ@qPNL=e@0?wJ28JO,5*63");
    let full = one("!AIVDM,1,1,,A,13aIkM@P00PJ@qPNL=e@0?wJ28JO,0*66");
    assert_eq!(short, full);
    assert_eq!(full.mmsi, 244_740_981);
    near(full.lon, 3_442_480.0 / 600_000.0);
    near(full.lat, 31_919_541.0 / 600_000.0);
    near(full.course, 0.0);
    assert_eq!(full.second, Some(45));
}

#[test]
fn gpsd_type_2() {
    // gpsd test/sample.aivdm, "Type 2"; .chk:
    // 2|0|356302000|0|127|139|0|-42975686|24235415|877|91|41
    let m = one("!AIVDM,1,1,,B,25Cjtd0Oj;Jp7ilG7=UkKBoB0<06,0*60");
    assert_eq!((m.msg_type, m.mmsi), (2, 356_302_000));
    assert_eq!(m.turn, None, "ROT 127: turning right, no turn indicator");
    near(m.speed, 13.9);
    near(m.lon, -42_975_686.0 / 600_000.0);
    near(m.lat, 24_235_415.0 / 600_000.0);
    near(m.course, 87.7);
    assert_eq!(m.heading, Some(91));
    assert_eq!(m.second, Some(41));
}

#[test]
fn gpsd_type_3() {
    // gpsd test/sample.aivdm, "Type 3"; .chk:
    // 3|0|563808000|5|0|0|1|-45796520|22146000|2520|352|35
    let m = one("!AIVDM,1,1,,A,38Id705000rRVJhE7cl9n;160000,0*40");
    assert_eq!((m.msg_type, m.mmsi), (3, 563_808_000));
    assert_eq!(m.status, Some(5), "moored");
    assert_eq!(m.turn, Some(0.0));
    near(m.speed, 0.0);
    assert_eq!(m.accuracy, Some(true));
    near(m.lon, -76.327_533_333);
    near(m.lat, 36.91);
    near(m.course, 252.0);
    assert_eq!(m.heading, Some(352));
    assert_eq!(m.second, Some(35));
}

#[test]
fn gpsd_type_4() {
    // gpsd test/sample.aivdm, "Type 4"; .chk:
    // 4|0|003669702|2007-05-14T19:57:39Z|1|-45811417|22130260|7
    let m = one("!AIVDM,1,1,,A,403OviQuMGCqWrRO9>E6fE700@GO,0*4D");
    assert_eq!((m.msg_type, m.mmsi), (4, 3_669_702));
    assert_eq!(m.timestamp.as_deref(), Some("2007-05-14T19:57:39Z"));
    assert_eq!(m.accuracy, Some(true));
    near(m.lon, -45_811_417.0 / 600_000.0);
    near(m.lat, 22_130_260.0 / 600_000.0);
    assert_eq!(m.epfd, Some(7));
}

#[test]
fn gpsd_type_4_with_nothing_available() {
    // gpsd test/sample.aivdm, "Type 4 with date/time set to N/A"; .chk:
    // 4|0|002470052|0000-00-00T24:60:60Z|0|108600000|54600000|0
    let m = one("!AIVDM,1,1,,A,402Fha0000Htt<tSF0l4Q@000d20,0*65");
    assert_eq!(m.mmsi, 2_470_052);
    assert_eq!(m.timestamp, None);
    assert_eq!(m.lon, None, "181° is not available");
    assert_eq!(m.lat, None, "91° is not available");
    assert_eq!(m.epfd, None);
}

#[test]
fn gpsd_type_5_in_two_sentences() {
    // gpsd test/sample.aivdm, "Type 5"; .chk:
    // 5|0|351759000|9134270|0|3FOF8|EVER DIADEM|70|225|70|1|31|1|05-15T14:00Z|122|NEW YORK|0
    let m = one(
        "!AIVDM,2,1,1,A,55?MbV02;H;s<HtKR20EHE:0@T4@Dn2222222216L961O5Gf0NSQEp6ClRp8,0*1C\n\
         !AIVDM,2,2,1,A,88888888880,2*25\n",
    );
    assert_eq!((m.msg_type, m.mmsi), (5, 351_759_000));
    assert_eq!(m.imo, Some(9_134_270));
    assert_eq!(m.ais_version, Some(0));
    assert_eq!(m.callsign.as_deref(), Some("3FOF8"));
    assert_eq!(m.shipname.as_deref(), Some("EVER DIADEM"));
    assert_eq!(m.shiptype, Some(70));
    assert_eq!(
        (m.to_bow, m.to_stern, m.to_port, m.to_starboard),
        (Some(225), Some(70), Some(1), Some(31))
    );
    assert_eq!(m.epfd, Some(1));
    assert_eq!(
        (m.eta_month, m.eta_day, m.eta_hour, m.eta_minute),
        (Some(5), Some(15), Some(14), Some(0))
    );
    near(m.draught, 12.2);
    assert_eq!(m.destination.as_deref(), Some("NEW YORK"));
    assert_eq!((m.lat, m.lon, m.speed), (None, None, None));
}

#[test]
fn gpsd_interleaved_type_5_on_both_channels() {
    // gpsd test/sample.aivdm, "Channel multiplexing test: simultaneous use of
    // buffers of channels A & B"; .chk gives the same decode twice:
    // 5|0|271010059|0|0|TCA2350|HEALTH CONTROL 13|55|6|10|2|2|1|00-00T24:60Z|20||0
    let (ms, mut d) = decode_all(
        "!AIVDM,2,1,6,B,542M92h00001@<7;?G0PD4i@R0<tqA8tj37>220o0h:2240Ht50000000000,0*3B\n\
         !AIVDM,2,1,2,A,542M92h00001@<7;?G0PD4i@R0<tqA8tj37>220o0h:2240Ht500000000000000,0*3C\n\
         !AIVDM,2,2,2,A,0000002,2*24\n\
         !AIVDM,2,2,6,B,00000000000,2*21\n",
    );
    assert!(d.take_problems().is_empty());
    assert_eq!(ms.len(), 2);
    assert_eq!((ms[0].channel, ms[1].channel), (Some('A'), Some('B')));
    for m in &ms {
        assert_eq!(m.mmsi, 271_010_059);
        assert_eq!(m.imo, None, "IMO 0 is not available");
        assert_eq!(m.callsign.as_deref(), Some("TCA2350"));
        assert_eq!(m.shipname.as_deref(), Some("HEALTH CONTROL 13"));
        assert_eq!(m.shiptype, Some(55));
        assert_eq!(
            (m.to_bow, m.to_stern, m.to_port, m.to_starboard),
            (Some(6), Some(10), Some(2), Some(2))
        );
        assert_eq!(
            (m.eta_month, m.eta_day, m.eta_hour, m.eta_minute),
            (None, None, None, None),
            "ETA 00-00T24:60 is not available"
        );
        near(m.draught, 2.0);
        assert_eq!(m.destination, None);
    }
    assert_eq!(d.stats().messages, 2);
    assert_eq!(d.stats().sentences, 4);
}

#[test]
fn gpsd_type_18() {
    // gpsd test/sample.aivdm, "Type 18" (first); .chk:
    // 18|0|338087471|0|1|0|-44443279|24410724|796|511|49
    let m = one("!AIVDM,1,1,,A,B52K>;h00Fc>jpUlNV@ikwpUoP06,0*4C");
    assert_eq!((m.msg_type, m.mmsi), (18, 338_087_471));
    near(m.speed, 0.1);
    assert_eq!(m.accuracy, Some(false));
    near(m.lon, -44_443_279.0 / 600_000.0);
    near(m.lat, 24_410_724.0 / 600_000.0);
    near(m.course, 79.6);
    assert_eq!(m.heading, None);
    assert_eq!(m.second, Some(49));
    assert_eq!(m.raim, Some(true));
}

#[test]
fn gpsd_type_19() {
    // gpsd test/sample.aivdm, "Type 19"; .chk:
    // 19|0|367059850|248|87|0|-53286235|17726217|3359|511|46|0x4|CAPT.J.RIMES|70|5|21|4|4|1
    let m = one("!AIVDM,1,1,,B,C5N3SRgPEnJGEBT>NhWAwwo862PaLELTBJ:V00000000S0D:R220,0*0B");
    assert_eq!((m.msg_type, m.mmsi), (19, 367_059_850));
    near(m.speed, 8.7);
    near(m.lon, -53_286_235.0 / 600_000.0);
    near(m.lat, 17_726_217.0 / 600_000.0);
    near(m.course, 335.9);
    assert_eq!(m.heading, None);
    assert_eq!(m.second, Some(46));
    assert_eq!(m.shipname.as_deref(), Some("CAPT.J.RIMES"));
    assert_eq!(m.shiptype, Some(70));
    assert_eq!(
        (m.to_bow, m.to_stern, m.to_port, m.to_starboard),
        (Some(5), Some(21), Some(4), Some(4))
    );
    assert_eq!(m.epfd, Some(1));
}

#[test]
fn gpsd_type_21_with_name_extension() {
    // gpsd test/sample.aivdm, "Type 21: Has a Name Extension field"; .chk:
    // 21|0|123456789|20|CHINA ROSE MURPHY EXPRESS ALERT|0|-73619155|28752371|5|5|5|5|1|50|165
    let m = one(
        "!AIVDM,2,1,5,B,E1mg=5J1T4W0h97aRh6ba84<h2d;W:Te=eLvH50```q,0*46\n\
         !AIVDM,2,2,5,B,:D44QDlp0C1DU00,2*36\n",
    );
    assert_eq!((m.msg_type, m.mmsi), (21, 123_456_789));
    assert_eq!(m.aid_type, Some(20));
    assert_eq!(
        m.shipname.as_deref(),
        Some("CHINA ROSE MURPHY EXPRESS ALERT")
    );
    assert_eq!(m.accuracy, Some(false));
    near(m.lon, -73_619_155.0 / 600_000.0);
    near(m.lat, 28_752_371.0 / 600_000.0);
    assert_eq!(
        (m.to_bow, m.to_stern, m.to_port, m.to_starboard),
        (Some(5), Some(5), Some(5), Some(5))
    );
    assert_eq!(m.epfd, Some(1));
    assert_eq!(m.second, Some(50));
    assert_eq!((m.off_position, m.virtual_aid), (Some(false), Some(false)));
}

#[test]
fn gpsd_type_24_parts_a_and_b() {
    // gpsd test/sample.aivdm, "Type 24: From Nirgal, one pair of type A and
    // Type B messages"; .chk: 24|0|271041815|PROGUY|60|1D00014|12|199796|TC6163|0|15|0|5
    let a = one("!AIVDM,1,1,,A,H42O55i18tMET00000000000000,2*6D");
    assert_eq!((a.msg_type, a.mmsi, a.part), (24, 271_041_815, Some('A')));
    assert_eq!(a.shipname.as_deref(), Some("PROGUY"));
    let b = one("!AIVDM,1,1,,A,H42O55lti4hhhilD3nink000?050,0*40");
    assert_eq!((b.mmsi, b.part), (271_041_815, Some('B')));
    assert_eq!(b.shiptype, Some(60));
    assert_eq!(b.callsign.as_deref(), Some("TC6163"));
    assert_eq!(
        (b.to_bow, b.to_stern, b.to_port, b.to_starboard),
        (None, Some(15), None, Some(5)),
        "a dimension of 0 is not available"
    );
    assert_eq!(b.shipname, None);
}

#[test]
fn gpsd_type_27() {
    // gpsd test/sample.aivdm, "Type 27: From Christian Gagneraud via aishub"
    // (96 bits) and "From Marius Kintel" (168 bits); .chk:
    // 27|1|236091959|3|0|-92521|52239|0|0|0|0 and
    // 27|1|206914217|2|0|82214|2904|57|167|0|0 (positions in 1/10 minute)
    let m = one("!AIVDM,1,1,,A,KCQ9r=hrFUnH7P00,0*41");
    assert_eq!((m.msg_type, m.repeat, m.mmsi), (27, 1, 236_091_959));
    assert_eq!((m.status, m.accuracy), (Some(3), Some(false)));
    near(m.lon, -92_521.0 / 600.0);
    near(m.lat, 52_239.0 / 600.0);
    near(m.speed, 0.0);
    near(m.course, 0.0);
    let m = one("!AIVDM,1,1,,B,KC5E2b@U19PFdLbMuc5=ROv62<7m,0*16");
    assert_eq!((m.repeat, m.mmsi, m.status), (1, 206_914_217, Some(2)));
    near(m.lon, 82_214.0 / 600.0);
    near(m.lat, 2_904.0 / 600.0);
    near(m.speed, 57.0);
    near(m.course, 167.0);
}

// --- libais: test/test_data.py (`nmea` and the decoded `result`; x, y in
// degrees; libais gives raw codes where Truce gives None).

#[test]
fn libais_type_1() {
    // libais test/test_data.py, 'id': 1
    let m = one("!AIVDM,1,1,,B,181:Kjh01ewHFRPDK1s3IRcn06sd,0*08,raishub,1342569600");
    assert_eq!(m.mmsi, 538_090_443);
    assert_eq!(m.status, Some(0));
    assert_eq!(m.turn, Some(0.0));
    near(m.speed, 10.9);
    assert_eq!(m.accuracy, Some(true));
    near(m.lon, -8.6612);
    near(m.lat, 35.690_633_333);
    near(m.course, 87.0);
    assert_eq!(m.heading, Some(85));
    assert_eq!(m.second, Some(59));
}

#[test]
fn libais_type_2_on_channel_1() {
    // libais test/test_data.py, 'id': 2 (nav_status 15, rot_over_range,
    // true_heading 511: all "not available")
    let m = one("!AIVDM,1,1,,1,23aIk2?P0JPADNVMA`9ItOw>R0S2,0*13,raishub,1342569600");
    assert_eq!((m.msg_type, m.mmsi, m.channel), (2, 244_740_872, Some('1')));
    assert_eq!(m.status, None);
    assert_eq!(m.turn, None);
    near(m.speed, 2.6);
    near(m.lon, 3.783605);
    near(m.lat, 51.162515);
    near(m.course, 254.5);
    assert_eq!(m.heading, None);
    assert_eq!(m.second, Some(39));
    assert_eq!(m.raim, Some(true));
}

#[test]
fn libais_type_3_with_a_latitude_beyond_the_pole() {
    // libais test/test_data.py, 'id': 3: y = -93.989…, timestamp 61. A
    // latitude beyond ±90° is no position: None, like "not available".
    let m = one("!AIVDM,1,1,,B,33sOto0P08lQCKA:>143I1ms0000,0*4A,raishub,1342583221");
    assert_eq!(m.mmsi, 263_716_060);
    near(m.speed, 0.8);
    near(m.course, 86.8);
    assert_eq!(m.heading, Some(58));
    near(m.lon, -160.496_893_333);
    assert_eq!(m.lat, None);
    assert_eq!(m.second, None, "61: positioning system in manual mode");
}

#[test]
fn libais_type_4_with_a_longitude_beyond_180() {
    // libais test/test_data.py, 'id': 4: x = 190.009685 is no longitude.
    let m = one("!AIVDM,1,1,,B,4h2E3MQuiq3ILeUjqVMd@sG004IT,0*73,raishub,1342581930");
    assert_eq!((m.repeat, m.mmsi), (3, 2_442_102));
    assert_eq!(m.timestamp.as_deref(), Some("2012-07-18T03:25:28Z"));
    assert_eq!(m.lon, None);
    near(m.lat, 51.889_888_333);
    assert_eq!(m.epfd, Some(7));
}

#[test]
fn libais_type_5() {
    // libais test/test_data.py, 'id': 5 (two sentences with receiver
    // fields after the checksum)
    let m = one(
        "!AIVDM,2,1,9,B,533uwnT00000uCCSS00MD5@Dl4h400000080001c8h<25uAn00Q1C1VRBS00,0*07,raishub,1342579715\n\
         !AIVDM,2,2,9,B,00000000000,2*2E,raishub,1342579715\n",
    );
    assert_eq!(m.mmsi, 205_488_090);
    assert_eq!(m.ais_version, Some(1));
    assert_eq!(m.callsign.as_deref(), Some("OT4880"));
    assert_eq!(m.destination.as_deref(), Some("DELFZIJL"));
    assert_eq!(
        (m.to_bow, m.to_stern, m.to_port, m.to_starboard),
        (Some(70), Some(12), Some(2), Some(5))
    );
    near(m.draught, 0.2);
    assert_eq!(
        (m.eta_month, m.eta_day, m.eta_hour, m.eta_minute),
        (Some(5), Some(3), Some(22), Some(0))
    );
    assert_eq!(m.epfd, Some(15));
    assert_eq!(m.imo, None);
    // 'GUATEMALA@@@@@@B@@@@': only the trailing padding is removed.
    assert_eq!(m.shipname.as_deref(), Some("GUATEMALA@@@@@@B"));
    assert_eq!(m.shiptype, Some(107));
}

#[test]
fn libais_type_18() {
    // libais test/test_data.py, 'id': 18
    let m = one("!AIVDM,1,1,,B,B6:VU2P0<:;2r84N5obLOwR2P0S9,0*23,raishub,1342581125");
    assert_eq!(m.mmsi, 413_771_018);
    near(m.course, 250.3);
    near(m.speed, 4.8);
    assert_eq!(m.heading, None);
    assert_eq!(m.accuracy, Some(true));
    near(m.lon, 121.49976);
    near(m.lat, 31.248_843_333);
    assert_eq!(m.second, Some(4));
}

#[test]
fn libais_type_19() {
    // libais test/test_data.py, 'id': 19
    let m = one(
        "!AIVDM,1,1,,A,C7ldHCOH01nmtFP;UNuwQ6mTD2V30V:`B20000000000S0`WW320,0*27,raishub,1342581703",
    );
    assert_eq!(m.mmsi, 525_015_117);
    near(m.course, 204.0);
    near(m.speed, 0.0);
    assert_eq!(m.heading, Some(141));
    assert_eq!(m.shipname.as_deref(), Some("JASA SETIA"));
    assert_eq!(m.shiptype, Some(70));
    assert_eq!(
        (m.to_bow, m.to_stern, m.to_port, m.to_starboard),
        (Some(10), Some(79), Some(14), Some(6))
    );
    near(m.lon, 103.846475);
    near(m.lat, 1.265465);
    assert_eq!(m.second, Some(43));
    assert_eq!(m.epfd, Some(1));
}

#[test]
fn libais_type_21() {
    // libais test/test_data.py, 'id': 21
    let m =
        one("!AIVDM,1,1,,B,E>jHC:k9Wbb4;WV2@6400000000@3nCL>v8t030HHKnf00,4*1C,raishub,1332547247");
    assert_eq!(m.mmsi, 992_351_019);
    assert_eq!(m.aid_type, Some(6));
    assert_eq!(m.shipname.as_deref(), Some("SOUTHWOLD LH"));
    assert_eq!(
        (m.to_bow, m.to_stern, m.to_port, m.to_starboard),
        (Some(3), Some(3), Some(3), Some(3))
    );
    assert_eq!(m.epfd, Some(7));
    near(m.lon, 1.681_433_333);
    near(m.lat, 52.3272);
    assert_eq!(m.second, Some(45));
    assert_eq!((m.off_position, m.virtual_aid), (Some(false), Some(false)));
    assert_eq!(m.accuracy, Some(true));
}

#[test]
fn libais_type_24_part_b() {
    // libais test/test_data.py, 'id': 24 (callsign '@@@@@@@': none given)
    let m = one("!AIVDM,1,1,,B,H3pro:4q3?=1B0000000000P7220,0*59,raishub,1332550009");
    assert_eq!((m.mmsi, m.part), (261_011_240, Some('B')));
    assert_eq!(m.callsign, None);
    assert_eq!(
        (m.to_bow, m.to_stern, m.to_port, m.to_starboard),
        (Some(4), Some(7), Some(2), Some(2))
    );
    assert_eq!(m.shiptype, Some(57));
}

#[test]
fn libais_type_27() {
    // libais test/test_data.py, 'id': 27
    let m = one("!AIVDM,1,1,,A,KrJN9vb@0?wl20RH,0*7A,raishub,1342653118");
    assert_eq!((m.repeat, m.mmsi), (3, 698_845_690));
    near(m.course, 38.0);
    near(m.speed, 1.0);
    assert_eq!(m.status, Some(9));
    assert_eq!((m.accuracy, m.raim), (Some(true), Some(false)));
    near(m.lon, 0.105);
    near(m.lat, -2.553_333_333);
}

// --- "Not available" values, encoded here and decoded back.

fn line(bits: &encode::BitWriter) -> String {
    encode::sentences(bits, 0, 'A', 60).join("\n")
}

#[test]
fn not_available_values_are_none_and_null_in_json() {
    let m = one(&line(&encode::position(&encode::Position {
        msg_type: 1,
        repeat: 0,
        mmsi: 272_000_001,
        status: 15,
        turn: -128,
        speed: 1023,
        accuracy: false,
        lon: 181 * 600_000,
        lat: 91 * 600_000,
        course: 3600,
        heading: 511,
        second: 60,
        raim: false,
    })));
    assert_eq!(
        (
            m.status, m.turn, m.speed, m.lon, m.lat, m.course, m.heading, m.second
        ),
        (None, None, None, None, None, None, None, None)
    );
    let json: serde_json::Value = serde_json::to_value(&m).expect("json");
    for key in [
        "lat",
        "lon",
        "speed",
        "course",
        "heading",
        "shiptype",
        "shipname",
        "callsign",
        "imo",
        "destination",
    ] {
        assert_eq!(json.get(key), Some(&serde_json::Value::Null), "{key}");
    }
    assert_eq!(json["type"], 1);
    assert_eq!(json["mmsi"], 272_000_001);
    assert!(
        json.get("status").is_none(),
        "other absent fields are omitted"
    );
}

#[test]
fn speed_102_2_means_that_fast_or_faster_and_102_3_not_available() {
    let mut p = encode::Position {
        msg_type: 1,
        repeat: 0,
        mmsi: 1,
        status: 0,
        turn: 0,
        speed: 1022,
        accuracy: false,
        lon: 0,
        lat: 0,
        course: 0,
        heading: 0,
        second: 0,
        raim: false,
    };
    near(one(&line(&encode::position(&p))).speed, 102.2);
    p.speed = 1023;
    assert_eq!(one(&line(&encode::position(&p))).speed, None);
}

#[test]
fn type_27_not_available_position_speed_and_course() {
    let m = one(&line(&encode::long_range(&encode::LongRange {
        mmsi: 273_000_002,
        accuracy: false,
        raim: false,
        status: 15,
        lon: 181 * 600,
        lat: 91 * 600,
        speed: 63,
        course: 511,
        gnss: true,
    })));
    assert_eq!(
        (m.lon, m.lat, m.speed, m.course, m.status),
        (None, None, None, None, None)
    );
}

#[test]
fn heading_and_course_out_of_range_are_none() {
    let m = one(&line(&encode::class_b(&encode::ClassB {
        mmsi: 5,
        speed: 10,
        accuracy: false,
        lon: 0,
        lat: 0,
        course: 3601,
        heading: 360,
        second: 0,
        raim: false,
    })));
    assert_eq!((m.course, m.heading), (None, None));
}

// --- Reassembly.

fn type5(mmsi: u32, name: &str) -> encode::BitWriter {
    encode::static_voyage(&encode::StaticVoyage {
        mmsi,
        ais_version: 0,
        imo: 9_701_126,
        callsign: "UBTX".into(),
        shipname: name.into(),
        shiptype: 70,
        dimensions: encode::Dimensions::default(),
        epfd: 1,
        eta: (0, 0, 24, 60),
        draught: 0,
        destination: "ODESA".into(),
    })
}

#[test]
fn messages_interleaved_on_one_channel_find_their_own_fragments() {
    let a = encode::sentences(&type5(1, "FIRST"), 3, 'A', 60);
    let b = encode::sentences(&type5(2, "SECOND"), 4, 'A', 60);
    let single = line(&encode::static_a(3, "THIRD"));
    let text = [&a[0], &b[0], &single, &b[1], &a[1]]
        .map(|s| s.as_str())
        .join("\n");
    let (ms, mut d) = decode_all(&text);
    assert!(d.take_problems().is_empty());
    let names: Vec<_> = ms.iter().map(|m| m.shipname.as_deref()).collect();
    assert_eq!(names, [Some("THIRD"), Some("SECOND"), Some("FIRST")]);
}

#[test]
fn a_lost_fragment_drops_its_message_and_the_rest_goes_on() {
    let lost = encode::sentences(&type5(1, "LOST"), 5, 'B', 60);
    let kept = encode::sentences(&type5(2, "KEPT"), 5, 'B', 60);
    // The first message's second fragment never comes; the next message
    // reuses its id on the same channel.
    let orphan = &encode::sentences(&type5(3, "ORPHAN"), 7, 'A', 60)[1];
    let text = [&lost[0], &kept[0], &kept[1], orphan]
        .map(|s| s.as_str())
        .join("\n");
    let (ms, mut d) = decode_all(&text);
    assert_eq!(ms.len(), 1);
    assert_eq!(ms[0].shipname.as_deref(), Some("KEPT"));
    let problems = d.take_problems();
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert_eq!(
        (problems[0].line, problems[0].reason),
        (1, Reason::Incomplete)
    );
    assert_eq!((problems[1].line, problems[1].reason), (4, Reason::Orphan));
    assert_eq!(d.stats().bad(Reason::Incomplete), 1);
    assert_eq!(d.stats().bad(Reason::Orphan), 1);
}

#[test]
fn a_half_message_expires_and_one_at_the_end_is_counted() {
    let parts = encode::sentences(&type5(1, "LATE"), 1, 'A', 60);
    let filler = line(&encode::static_a(9, "FILLER"));
    let mut lines = vec![parts[0].clone()];
    lines.extend(std::iter::repeat_n(filler, 150));
    lines.push(parts[1].clone());
    lines.push(parts[0].clone());
    let (ms, mut d) = decode_all(&lines.join("\n"));
    assert_eq!(
        ms.len(),
        150,
        "the fragments of the late message do not join"
    );
    let p = d.take_problems();
    let reasons: Vec<(u64, Reason)> = p.iter().map(|p| (p.line, p.reason)).collect();
    assert_eq!(
        reasons,
        [
            (1, Reason::Incomplete),
            (152, Reason::Orphan),
            (153, Reason::Incomplete)
        ],
        "{p:?}"
    );
    assert!(p[0].detail.contains("expired"));
    assert!(p[2].detail.contains("end of input"));
}

#[test]
fn half_assembled_messages_are_bounded() {
    let limits = Limits {
        max_pending: 4,
        ..Limits::default()
    };
    let mut d = Decoder::new(limits);
    // First fragments on ten channels, never completed.
    for (k, ch) in "ABCDEFGHIJ".chars().enumerate() {
        let first = &encode::sentences(&type5(k as u32, "X"), 1, ch, 60)[0];
        assert!(d.push(first.as_bytes()).is_none());
    }
    assert_eq!(d.stats().bad(Reason::Incomplete), 6);
    d.finish();
    assert_eq!(d.stats().bad(Reason::Incomplete), 10);
}

// --- Sentences and lines.

#[test]
fn talkers_own_vessel_tag_blocks_and_trailing_fields() {
    let body = "BSVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0";
    let bs = format!("!{body}*{:02X}", encode::checksum(body));
    assert_eq!(one(&bs).mmsi, 371_798_000);
    let body = "AIVDO,1,1,,,15RTgt0PAso;90TKcjM8h6g208CQ,0";
    let vdo = format!("!{body}*{:02X}", encode::checksum(body));
    let m = one(&vdo);
    assert!(m.own);
    assert_eq!(m.channel, None);
    let tagged = format!(
        "{}!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A",
        encode::tag_block(1_743_120_000)
    );
    assert_eq!(
        one(&tagged).received.as_deref(),
        Some("2025-03-28T00:00:00Z")
    );
    // A tag block with a wrong checksum: its time is not believed.
    let bad_tag = "\\c:1743120000*00\\!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A";
    assert_eq!(one(bad_tag).received, None);
    // A logger's prefix and a receiver's suffix, and a CR LF line end.
    let m = one("2025-03-28 10:00:00 !AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A,s28089\r\n");
    assert_eq!(m.mmsi, 371_798_000);
}

#[test]
fn bad_lines_are_counted_by_reason_with_their_line_numbers() {
    let text = "\
# a comment, and a blank line next

!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4B
$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47
!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0
!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ*56
!AIVDM,1,1,,A,15RTgt0PAso;90TKc~M8h6g208CQ,0*5E
!AIVDM,1,1,,A,15RTgt,0*37
AIVDM,2,2,1,B,00000000000,2*26
!AIVDM,1,1,,A,H42O55p000000000000000000000,0*67
!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A
";
    let (ms, d) = decode_all(text);
    assert_eq!(ms.len(), 1);
    let s = d.stats();
    assert_eq!((s.lines, s.skipped, s.messages), (11, 2, 1));
    let by: Vec<(Reason, u64)> = s.bad_by_reason().collect();
    assert_eq!(
        by,
        [
            (Reason::NotAis, 2),
            (Reason::Malformed, 2),
            (Reason::Checksum, 1),
            (Reason::BadPayload, 1),
            (Reason::TooShort, 1),
            (Reason::BadField, 1),
        ]
    );
}

#[test]
fn the_first_problems_name_their_lines() {
    let (_, mut d) = decode_all("!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4B\n");
    let p = d.take_problems();
    assert_eq!(p[0].line, 1);
    assert_eq!(p[0].reason, Reason::Checksum);
    assert_eq!(
        p[0].to_string(),
        "line 1: wrong checksum: checksum 4B, but the sentence sums to 4A"
    );
}

#[test]
fn other_message_types_are_counted_not_decoded() {
    // gpsd test/sample.aivdm, "Type 9" and "Type 12".
    let (ms, d) = decode_all(
        "!AIVDM,1,1,,A,91b77=h3h00nHt0Q3r@@07000<0b,0*69\n\
         !AIVDM,1,1,,A,<5?SIj1;GbD07??4,0*38\n",
    );
    assert!(ms.is_empty());
    assert_eq!(d.stats().other_types, 2);
    assert_eq!(d.stats().bad_total(), 0);
    assert_eq!((d.stats().by_type[9], d.stats().by_type[12]), (1, 1));
}

#[test]
fn a_huge_line_is_skipped_without_being_held() {
    let good = b"!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A\n".to_vec();
    let input = Lazy::new(vec![
        Part::Bytes(good.clone()),
        Part::Repeat(b'!', 200 << 20),
        Part::Bytes(b"\n".to_vec()),
        Part::Bytes(good),
    ]);
    let mut d = Decoder::default();
    let mut n = 0;
    ais::read(std::io::BufReader::new(input), &mut d, |_, _| n += 1).expect("read");
    assert_eq!(n, 2);
    let p = d.take_problems();
    assert_eq!((p.len(), p[0].line, p[0].reason), (1, 2, Reason::TooLong));
    assert!(
        p[0].detail.starts_with("209715200 bytes"),
        "{}",
        p[0].detail
    );
}

#[test]
fn the_demo_file_decodes_without_a_problem() {
    let (ms, mut d) = decode_all(truce_synth::ais::demo::FILE);
    assert!(d.take_problems().is_empty());
    assert!(ms.len() > 1000);
    assert!(ms.iter().all(|m| m.received.is_some()));
    assert!(ms.iter().any(|m| m.shiptype == Some(35)));
    assert!(ms.iter().any(|m| m.msg_type == 5));
    assert!(ms.iter().any(|m| m.msg_type == 24));
}

// --- The `ais` crate (0.12) as a second opinion: it agrees with Truce's
// decoder (to its f32 precision) on the vectors above, except where
// docs/formats.md says it does not.

mod crate_ais {
    use super::*;
    use ::ais::AisFragments;
    use ::ais::messages::AisMessage as C;

    fn theirs(lines: &[&str]) -> Option<C> {
        let mut p = ::ais::AisParser::new();
        let mut out = None;
        for l in lines {
            if let Ok(AisFragments::Complete(s)) = p.parse(l.as_bytes(), true) {
                out = s.message;
            }
        }
        out
    }

    fn close(a: Option<f32>, b: Option<f64>) -> bool {
        match (a, b) {
            (None, None) => true,
            (Some(a), Some(b)) => (f64::from(a) - b).abs() < 2e-5,
            _ => false,
        }
    }

    #[test]
    fn agrees_on_positions_of_types_1_to_3_18_and_19() {
        for l in [
            "!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A",
            "!AIVDM,1,1,,A,16SteH0P00Jt63hHaa6SagvJ087r,0*42",
            "!AIVDM,1,1,,B,25Cjtd0Oj;Jp7ilG7=UkKBoB0<06,0*60",
            "!AIVDM,1,1,,A,38Id705000rRVJhE7cl9n;160000,0*40",
            "!AIVDM,1,1,,B,181:Kjh01ewHFRPDK1s3IRcn06sd,0*08",
        ] {
            let ours = one(l);
            let Some(C::PositionReport(t)) = theirs(&[l]) else {
                panic!("{l}")
            };
            assert_eq!(t.mmsi, ours.mmsi);
            assert!(
                close(t.latitude, ours.lat) && close(t.longitude, ours.lon),
                "{l}"
            );
            assert!(close(t.speed_over_ground, ours.speed), "{l}");
            assert!(close(t.course_over_ground, ours.course), "{l}");
            assert_eq!(t.true_heading, ours.heading, "{l}");
        }
        let l = "!AIVDM,1,1,,A,B52K>;h00Fc>jpUlNV@ikwpUoP06,0*4C";
        let (ours, Some(C::StandardClassBPositionReport(t))) = (one(l), theirs(&[l])) else {
            panic!("{l}")
        };
        assert!(close(t.latitude, ours.lat) && close(t.longitude, ours.lon));
        let l = "!AIVDM,1,1,,B,C5N3SRgPEnJGEBT>NhWAwwo862PaLELTBJ:V00000000S0D:R220,0*0B";
        let (ours, Some(C::ExtendedClassBPositionReport(t))) = (one(l), theirs(&[l])) else {
            panic!("{l}")
        };
        assert_eq!(Some(t.name.as_str()), ours.shipname.as_deref());
        assert!(close(t.latitude, ours.lat) && close(t.longitude, ours.lon));
    }

    #[test]
    fn agrees_on_type_5() {
        let lines = [
            "!AIVDM,2,1,1,A,55?MbV02;H;s<HtKR20EHE:0@T4@Dn2222222216L961O5Gf0NSQEp6ClRp8,0*1C",
            "!AIVDM,2,2,1,A,88888888880,2*25",
        ];
        let ours = one(&lines.join("\n"));
        let Some(C::StaticAndVoyageRelatedData(t)) = theirs(&lines) else {
            panic!()
        };
        assert_eq!(Some(t.vessel_name.as_str()), ours.shipname.as_deref());
        assert_eq!(Some(t.callsign.as_str()), ours.callsign.as_deref());
        assert_eq!(Some(t.destination.as_str()), ours.destination.as_deref());
        assert_eq!(Some(t.imo_number), ours.imo);
        assert_eq!(t.ship_type.map(u8::from), ours.shiptype);
        assert_eq!(t.eta_hour_utc, 14);
    }

    #[test]
    fn differs_on_type_27_not_available_positions() {
        // Type 27 gives 1/10 minute: 181° is 108600, 91° is 54600. The crate
        // compares them with the 1/10,000-minute codes of the other types
        // and returns 181.0 and 91.0 as positions; Truce returns None.
        let l = line(&encode::long_range(&encode::LongRange {
            mmsi: 273_000_002,
            accuracy: false,
            raim: false,
            status: 0,
            lon: 181 * 600,
            lat: 91 * 600,
            speed: 0,
            course: 0,
            gnss: false,
        }));
        let Some(C::LongRangeAisBroadcastMessage(t)) = theirs(&[&l]) else {
            panic!()
        };
        assert_eq!((t.longitude, t.latitude), (Some(181.0), Some(91.0)));
        let ours = one(&l);
        assert_eq!((ours.lon, ours.lat), (None, None));
    }

    #[test]
    fn differs_on_out_of_range_values() {
        // libais test/test_data.py, 'id': 3 (latitude -93.99°): the crate
        // gives it as a position.
        let l = "!AIVDM,1,1,,B,33sOto0P08lQCKA:>143I1ms0000,0*4A";
        let Some(C::PositionReport(t)) = theirs(&[l]) else {
            panic!()
        };
        assert!(t.latitude.is_some_and(|v| v < -93.0));
        assert_eq!(one(l).lat, None);
    }

    #[test]
    fn differs_on_the_type_21_name_extension() {
        let lines = [
            "!AIVDM,2,1,5,B,E1mg=5J1T4W0h97aRh6ba84<h2d;W:Te=eLvH50```q,0*46",
            "!AIVDM,2,2,5,B,:D44QDlp0C1DU00,2*36",
        ];
        let Some(C::AidToNavigationReport(t)) = theirs(&lines) else {
            panic!()
        };
        assert_eq!(t.name, "CHINA ROSE MURPHY EX");
    }

    #[test]
    fn loses_messages_interleaved_on_two_channels() {
        // gpsd's channel multiplexing test: the crate keeps one message in
        // assembly at a time, so the one on channel B is lost.
        let lines = [
            "!AIVDM,2,1,6,B,542M92h00001@<7;?G0PD4i@R0<tqA8tj37>220o0h:2240Ht50000000000,0*3B",
            "!AIVDM,2,1,2,A,542M92h00001@<7;?G0PD4i@R0<tqA8tj37>220o0h:2240Ht500000000000000,0*3C",
            "!AIVDM,2,2,2,A,0000002,2*24",
            "!AIVDM,2,2,6,B,00000000000,2*21",
        ];
        let mut p = ::ais::AisParser::new();
        let complete = lines
            .iter()
            .filter(|l| matches!(p.parse(l.as_bytes(), true), Ok(AisFragments::Complete(_))))
            .count();
        assert_eq!(complete, 1);
        assert_eq!(decode_all(&lines.join("\n")).0.len(), 2);
    }
}

// --- Property tests.

/// Degrees from 1/10,000 minute, as the decoder computes them.
fn deg(raw: i32) -> f64 {
    f64::from(raw) / 600_000.0
}

/// Text the AIS alphabet can carry without trailing padding or spaces.
fn ais_text(max: usize) -> impl Strategy<Value = String> {
    proptest::string::string_regex(&format!("[A-Z0-9][A-Z0-9 .,/-]{{0,{}}}", max - 2))
        .expect("regex")
        .prop_map(|s| s.trim_end().to_string())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn class_a_positions_come_back(
        msg_type in 1u8..=3, mmsi in 1u32..1_000_000_000, status in 0u8..15,
        turn in -126i8..=126, speed in 0u16..1023, accuracy: bool,
        lon in -108_000_000i32..=108_000_000, lat in -54_000_000i32..=54_000_000,
        course in 0u16..3600, heading in 0u16..360, second in 0u8..60, raim: bool,
        repeat in 0u8..4, channel in prop::sample::select(vec!['A', 'B', '1', '2']),
    ) {
        let p = encode::Position {
            msg_type, repeat, mmsi, status, turn, speed, accuracy, lon, lat, course,
            heading, second, raim,
        };
        let bits = encode::position(&p);
        let m = one(&encode::sentences(&bits, 0, channel, 60).join("\n"));
        prop_assert_eq!((m.msg_type, m.repeat, m.mmsi), (msg_type, repeat, mmsi));
        prop_assert_eq!(m.status, Some(status));
        prop_assert_eq!(m.speed, Some(f64::from(speed) / 10.0));
        prop_assert_eq!((m.lon, m.lat), (Some(deg(lon)), Some(deg(lat))));
        prop_assert_eq!(m.course, Some(f64::from(course) / 10.0));
        prop_assert_eq!(m.heading, Some(heading));
        prop_assert_eq!(m.second, Some(second));
        prop_assert_eq!((m.accuracy, m.raim), (Some(accuracy), Some(raim)));
        prop_assert_eq!(m.channel, Some(channel));
        // The rate of turn comes back with its sign, from its code.
        let t = m.turn.unwrap_or(f64::NAN);
        prop_assert!(turn == 0 || (t < 0.0) == (turn < 0), "turn {} gave {}", turn, t);
    }

    #[test]
    fn base_stations_come_back(
        mmsi in 1u32..1_000_000_000, year in 2000u16..2100, month in 1u8..=12,
        day in 1u8..=28, hour in 0u8..24, minute in 0u8..60, sec in 0u8..60,
        lon in -108_000_000i32..=108_000_000, lat in -54_000_000i32..=54_000_000,
        epfd in 1u8..16,
    ) {
        let s = encode::BaseStation {
            mmsi, year, month, day, hour, minute, second: sec, accuracy: true, lon, lat,
            epfd, raim: false,
        };
        let m = one(&line(&encode::base_station(&s)));
        prop_assert_eq!(m.mmsi, mmsi);
        let want = format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{sec:02}Z");
        prop_assert_eq!(m.timestamp, Some(want));
        prop_assert_eq!((m.lon, m.lat), (Some(deg(lon)), Some(deg(lat))));
        prop_assert_eq!(m.epfd, Some(epfd));
    }

    #[test]
    fn static_and_voyage_data_come_back_from_two_sentences(
        mmsi in 1u32..1_000_000_000, imo in 1u32..1_000_000_000,
        callsign in ais_text(7), name in ais_text(20), destination in ais_text(20),
        shiptype in 1u8..=255, bow in 1u16..512, stern in 1u16..512, port in 1u8..64,
        starboard in 1u8..64, month in 1u8..=12, day in 1u8..=31, hour in 0u8..24,
        minute in 0u8..60, draught in 1u8..=255, seq in 0u8..10,
    ) {
        let s = encode::StaticVoyage {
            mmsi, ais_version: 0, imo, callsign: callsign.clone(), shipname: name.clone(),
            shiptype, dimensions: encode::Dimensions { bow, stern, port, starboard },
            epfd: 1, eta: (month, day, hour, minute), draught,
            destination: destination.clone(),
        };
        let parts = encode::sentences(&encode::static_voyage(&s), seq, 'B', 60);
        prop_assert_eq!(parts.len(), 2);
        let m = one(&parts.join("\n"));
        prop_assert_eq!((m.mmsi, m.imo, m.shiptype), (mmsi, Some(imo), Some(shiptype)));
        prop_assert_eq!(m.callsign.as_deref(), Some(callsign.as_str()));
        prop_assert_eq!(m.shipname.as_deref(), Some(name.as_str()));
        prop_assert_eq!(m.destination.as_deref(), Some(destination.as_str()));
        prop_assert_eq!(
            (m.to_bow, m.to_stern, m.to_port, m.to_starboard),
            (Some(bow), Some(stern), Some(port), Some(starboard))
        );
        prop_assert_eq!(
            (m.eta_month, m.eta_day, m.eta_hour, m.eta_minute),
            (Some(month), Some(day), Some(hour), Some(minute))
        );
        prop_assert_eq!(m.draught, Some(f64::from(draught) / 10.0));
    }

    #[test]
    fn class_b_reports_come_back(
        mmsi in 1u32..1_000_000_000, speed in 0u16..1023,
        lon in -108_000_000i32..=108_000_000, lat in -54_000_000i32..=54_000_000,
        course in 0u16..3600, heading in 0u16..360, second in 0u8..60,
        name in ais_text(20), shiptype in 1u8..=255, bow in 1u16..512,
    ) {
        let p = encode::ClassB {
            mmsi, speed, accuracy: true, lon, lat, course, heading, second, raim: false,
        };
        let m = one(&line(&encode::class_b(&p)));
        prop_assert_eq!((m.msg_type, m.mmsi), (18, mmsi));
        prop_assert_eq!(m.speed, Some(f64::from(speed) / 10.0));
        prop_assert_eq!((m.lon, m.lat), (Some(deg(lon)), Some(deg(lat))));
        prop_assert_eq!(m.course, Some(f64::from(course) / 10.0));
        prop_assert_eq!((m.heading, m.second), (Some(heading), Some(second)));
        let d = encode::Dimensions { bow, stern: 3, port: 2, starboard: 2 };
        let m = one(&line(&encode::class_b_extended(&p, &name, shiptype, &d, 1)));
        prop_assert_eq!((m.msg_type, m.mmsi), (19, mmsi));
        prop_assert_eq!((m.lon, m.lat), (Some(deg(lon)), Some(deg(lat))));
        prop_assert_eq!(m.shipname.as_deref(), Some(name.as_str()));
        prop_assert_eq!((m.shiptype, m.to_bow), (Some(shiptype), Some(bow)));
    }

    #[test]
    fn aids_to_navigation_come_back_with_long_names(
        mmsi in 1u32..1_000_000_000, aid_type in 1u8..32, name in ais_text(34),
        lon in -108_000_000i32..=108_000_000, lat in -54_000_000i32..=54_000_000,
        off: bool, virtual_aid: bool,
    ) {
        let a = encode::AidToNavigation {
            mmsi, aid_type, name: name.clone(), accuracy: false, lon, lat,
            dimensions: encode::Dimensions { bow: 1, stern: 1, port: 1, starboard: 1 },
            epfd: 7, second: 10, off_position: off, raim: false, virtual_aid,
        };
        let m = one(&encode::sentences(&encode::aid_to_navigation(&a), 2, 'A', 40).join("\n"));
        prop_assert_eq!((m.msg_type, m.mmsi, m.aid_type), (21, mmsi, Some(aid_type)));
        prop_assert_eq!(m.shipname.as_deref(), Some(name.as_str()));
        prop_assert_eq!((m.lon, m.lat), (Some(deg(lon)), Some(deg(lat))));
        prop_assert_eq!((m.off_position, m.virtual_aid), (Some(off), Some(virtual_aid)));
    }

    #[test]
    fn static_data_reports_come_back(
        mmsi in 1u32..980_000_000, name in ais_text(20), callsign in ais_text(7),
        shiptype in 1u8..=255, bow in 1u16..512, stern in 1u16..512, port in 1u8..64,
        starboard in 1u8..64, mother in 1u32..1_000_000_000, aux in 0u32..10_000_000,
    ) {
        let a = one(&line(&encode::static_a(mmsi, &name)));
        prop_assert_eq!((a.part, a.shipname.as_deref()), (Some('A'), Some(name.as_str())));
        let d = encode::Dimensions { bow, stern, port, starboard };
        let b = one(&line(&encode::static_b(mmsi, shiptype, "ABC", &callsign, &d, None)));
        prop_assert_eq!((b.part, b.shiptype), (Some('B'), Some(shiptype)));
        prop_assert_eq!(b.callsign.as_deref(), Some(callsign.as_str()));
        prop_assert_eq!(
            (b.to_bow, b.to_stern, b.to_port, b.to_starboard),
            (Some(bow), Some(stern), Some(port), Some(starboard))
        );
        // An auxiliary craft (98XXXYYYY) gives its mother ship instead.
        let craft = 980_000_000 + aux;
        let b = one(&line(&encode::static_b(craft, shiptype, "ABC", &callsign, &d, Some(mother))));
        prop_assert_eq!((b.mothership_mmsi, b.to_bow), (Some(mother), None));
    }

    #[test]
    fn long_range_reports_come_back(
        mmsi in 1u32..1_000_000_000, status in 0u8..15,
        lon in -108_000i32..=108_000, lat in -54_000i32..=54_000,
        speed in 0u8..63, course in 0u16..360, accuracy: bool, raim: bool,
    ) {
        let p = encode::LongRange {
            mmsi, accuracy, raim, status, lon, lat, speed, course, gnss: false,
        };
        let m = one(&line(&encode::long_range(&p)));
        prop_assert_eq!((m.msg_type, m.mmsi, m.status), (27, mmsi, Some(status)));
        prop_assert_eq!(m.lon, Some(f64::from(lon) / 600.0));
        prop_assert_eq!(m.lat, Some(f64::from(lat) / 600.0));
        prop_assert_eq!((m.speed, m.course), (Some(f64::from(speed)), Some(f64::from(course))));
        prop_assert_eq!((m.accuracy, m.raim), (Some(accuracy), Some(raim)));
    }

    /// The fuzzing entry point never panics, whatever the line.
    #[test]
    fn decode_line_never_panics(s in ".{0,300}") {
        let _ = ais::decode_line(&s);
    }

    /// Nor on sentences that pass every check but carry random payloads
    /// (any length, any fill, any type).
    #[test]
    fn random_payloads_never_panic(
        payload in "[0-W`-w]{1,120}", fill in 0u8..6, count in 1u8..4, number in 1u8..4,
    ) {
        let body = format!("AIVDM,{count},{number},3,A,{payload},{fill}");
        let s = format!("!{body}*{:02X}", encode::checksum(&body));
        let _ = ais::decode_line(&s);
    }

    /// And a stream of random bytes through the reader ends with every line
    /// accounted for.
    #[test]
    fn random_streams_are_accounted_for(bytes in prop::collection::vec(any::<u8>(), 0..4000)) {
        let mut d = Decoder::default();
        let mut n = 0u64;
        ais::read(&bytes[..], &mut d, |_, _| n += 1).expect("read");
        let s = d.stats();
        prop_assert!(s.sentences <= s.lines);
        prop_assert_eq!(s.messages, n);
    }
}
