// SDP bodies real peers send, as test data. Where a sipp scenario writes keywords they are
// substituted: [local_ip]/[media_ip] → 192.0.2.10 (RFC 5737), [local_ip_type]/[media_ip_type] → 4,
// [media_port]/[auto_media_port] → 6000. Line ends are CRLF as on the wire.

export function sdp(...lines: string[]): string {
  return `${lines.join('\r\n')}\r\n`;
}

/** sipp 3.6.1 built-in `uac` scenario (`sipp -sd uac`); the same body is in most corpus scenarios. */
export const SIPP_UAC = sdp(
  'v=0',
  'o=user1 53655765 2353687637 IN IP4 192.0.2.10',
  's=-',
  'c=IN IP4 192.0.2.10',
  't=0 0',
  'm=audio 6000 RTP/AVP 0',
  'a=rtpmap:0 PCMU/8000',
);

/** /work/shared/testbed/scenarios/uac_media_dtmf.xml (our load/DTMF scenario): A-law first, ptime 30. */
export const SIPP_MEDIA_DTMF = sdp(
  'v=0',
  'o=sipp 53655765 2353687637 IN IP4 192.0.2.10',
  's=-',
  'c=IN IP4 192.0.2.10',
  't=0 0',
  'm=audio 6000 RTP/AVP 8 0 101',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-15',
  'a=ptime:30',
  'a=sendrecv',
);

// baresip v1.0.0 (testbed config of /work/shared/testbed/baresip-mkconf.sh, audio_codecs=pcmu,pcma)
// calling sipp `uas_answer_te.xml` on loopback, then /hold; bodies as sipp logged them (-trace_msg).

/** baresip's initial INVITE offer. */
export const BARESIP_OFFER = sdp(
  'v=0',
  'o=- 4097421796 182215681 IN IP4 127.0.0.1',
  's=-',
  'c=IN IP4 127.0.0.1',
  't=0 0',
  'a=tool:baresip 1.0.0',
  'm=audio 47206 RTP/AVP 0 8 101',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-15',
  'a=sendrecv',
  'a=label:1',
  'a=rtcp-rsize',
  'a=ssrc:286520322 cname:sip:alice@127.0.0.1:47161',
  'a=minptime:20',
  'a=ptime:20',
);

/** baresip's hold re-INVITE in the same call: sendonly, only the codec in use, version + 1. */
export const BARESIP_HOLD = sdp(
  'v=0',
  'o=- 4097421796 182215682 IN IP4 127.0.0.1',
  's=-',
  'c=IN IP4 127.0.0.1',
  't=0 0',
  'a=tool:baresip 1.0.0',
  'm=audio 47206 RTP/AVP 0 101',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-15',
  'a=sendonly',
  'a=label:1',
  'a=rtcp-rsize',
  'a=ssrc:286520322 cname:sip:alice@127.0.0.1:47161',
  'a=minptime:20',
  'a=ptime:20',
);

/** baresip v1.0.0 answering SIPP_MEDIA_DTMF (200 OK): it keeps every common codec, in the offer's order. */
export const BARESIP_ANSWER_TO_8_0_101 = sdp(
  'v=0',
  'o=- 1964035253 1958081921 IN IP4 127.0.0.1',
  's=-',
  'c=IN IP4 127.0.0.1',
  't=0 0',
  'a=tool:baresip 1.0.0',
  'm=audio 47210 RTP/AVP 8 0 101',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-15',
  'a=sendrecv',
  'a=label:1',
  'a=ssrc:2637145044 cname:sip:alice@127.0.0.1:47161',
  'a=minptime:20',
  'a=ptime:30',
);

/**
 * jambonz-feature-server @389c65e, test/scenarios/uac-pcap-device-success-in-dialog-request.xml
 * (also jambonz sbc-inbound carrier/PBX scenarios, drachtio-srf uac-pcap.xml): A-law only,
 * telephone-event 0-11,16.
 */
export const JAMBONZ_PCMA_ONLY = sdp(
  'v=0',
  'o=user1 53655765 2353687637 IN IP4 192.0.2.10',
  's=-',
  'c=IN IP4 192.0.2.10',
  't=0 0',
  'm=audio 6000 RTP/AVP 8 101',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-11,16',
);

/** somleng-switch @3442ba8, components/testing/scenarios/smart_inbound.xml: a Huawei SoftX3000 carrier, ptime 5, qos preconditions. */
export const HUAWEI_SMART = sdp(
  'v=0',
  'o=HuaweiSoftx3000 1215612717 1215612718 IN IP4 27.109.112.140',
  's=SipCall',
  'c=IN IP4 27.109.112.140',
  't=0 0',
  'm=audio 19936 RTP/AVP 8 100',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:100 telephone-event/8000',
  'a=ptime:5',
  'a=curr:qos local none',
  'a=curr:qos remote none',
  'a=des:qos mandatory local sendrecv',
  'a=des:qos optional remote sendrecv',
  'a=3gOoBTC',
);

/** somleng-switch @3442ba8, zamtel_inbound.xml: a Huawei carrier offering AMR first, telephone-event on 116. */
export const ZAMTEL_HUAWEI = sdp(
  'v=0',
  'o=HuaweiSoftx3000 1181140814 1181140815 IN IP4 165.57.32.1',
  's=SipCall',
  'c=IN IP4 165.57.33.2',
  't=0 0',
  'm=audio 19688 RTP/AVP 108 102 8 0 116 107 105 3',
  'a=rtpmap:108 AMR/8000',
  'a=fmtp:108 mode-change-neighbor=1;mode-change-period=2',
  'a=rtpmap:102 AMR/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:116 telephone-event/8000',
  'a=rtpmap:107 AMR/8000',
  'a=fmtp:107 mode-set=0,1,2,3,4,5;mode-change-neighbor=1;mode-change-period=2',
  'a=rtpmap:105 GSM-EFR/8000',
  'a=rtpmap:3 GSM/8000',
  'a=ptime:20',
  'a=maxptime:20',
  'a=curr:qos local none',
  'a=curr:qos remote none',
  'a=des:qos mandatory local sendrecv',
  'a=des:qos optional remote sendrecv',
);

/** somleng-switch @3442ba8, metfone_inbound.xml: a Sonus SBC, A-law, G.722, µ-law; maxptime 20 and no ptime. */
export const METFONE_SONUS = sdp(
  'v=0',
  'o=Sonus_UAC 49198 405588 IN IP4 175.100.32.29',
  's=SIP Media Capabilities',
  'c=IN IP4 175.100.32.29',
  't=0 0',
  'm=audio 20606 RTP/AVP 8 9 0 101',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:9 G722/8000',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-15',
  'a=sendrecv',
  'a=maxptime:20',
);

/** drachtio-srf @9501e97, test/scenarios/uas-reinvite.xml (second body): µ-law and G.729 (PT 18, no rtpmap). */
export const DRACHTIO_PCMU_G729 = sdp(
  'v=0',
  'o=user1 53655765 2353687637 IN IP4 192.0.2.10',
  's=-',
  'c=IN IP4 192.0.2.10',
  't=0 0',
  'm=audio 6000 RTP/AVP 0 18',
  'a=rtpmap:0 PCMU/8000',
);

/** somleng-switch @3442ba8, freeswitch_timeout.xml (a sipp UAS's 183 answer): telephone-event and no codec. */
export const SOMLENG_TE_ONLY = sdp(
  'v=0',
  'o=user1 53655765 2353687637 IN IP4 192.0.2.10',
  's=-',
  'c=IN IP4 192.0.2.10',
  't=0 0',
  'm=audio 6000 RTP/AVP 101',
  'a=rtpmap:101 telephone-event/8000',
  'a=sendrecv',
);
