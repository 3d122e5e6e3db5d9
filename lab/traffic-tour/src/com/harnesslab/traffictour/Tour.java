// Traffic tour: one request per identifier encoding and per body kind, each to the receiver a
// real app would send it to. Every category goes to one receiver only (device id to Umeng,
// Android ID to AppsFlyer, advertising id to Facebook, MAC to Adjust, serial and SSID to an
// unknown tracker; IMSI, phone number and location to the app's own server), so each finding
// has one collector. Every request's path names its step (/tour/u1, ...); the comment above
// it says what a correct harness finds there: category, encoding, place
// (tests/traffic/test_traffic_tour.py holds the same table).
package com.harnesslab.traffictour;

import static com.harnesslab.traffictour.Encodings.base64;
import static com.harnesslab.traffictour.Encodings.base64Unpadded;
import static com.harnesslab.traffictour.Encodings.base64Url;
import static com.harnesslab.traffictour.Encodings.bigIntegerHex;
import static com.harnesslab.traffictour.Encodings.digest;
import static com.harnesslab.traffictour.Encodings.hex;
import static com.harnesslab.traffictour.Encodings.json;
import static com.harnesslab.traffictour.Encodings.jsonAscii;
import static com.harnesslab.traffictour.Encodings.jsonEscapeAll;
import static com.harnesslab.traffictour.Encodings.perByteHex;
import static com.harnesslab.traffictour.Encodings.upper;
import static com.harnesslab.traffictour.Encodings.url;
import static com.harnesslab.traffictour.Encodings.utf8;

import java.util.Locale;

final class Tour {
    static final String UMENG = "https://alog.umeng.com/tour/";
    static final String APPSFLYER = "https://t.appsflyer.com/tour/";
    static final String FACEBOOK = "https://graph.facebook.com/tour/";
    static final String ADJUST = "https://app.adjust.com/tour/";
    static final String TRACKER = "https://collect.labtracker.net/tour/";
    static final String OWN = "https://api.harnesslab.com/tour/";
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String JSON = "application/json; charset=utf-8";
    private static final boolean H1 = false;
    private static final boolean H2 = true;

    private final Http http = new Http();
    private final DeviceInfo d;

    Tour(DeviceInfo device) {
        this.d = device;
    }

    /** Sends every request; returns {sent, failed}. */
    int[] run() {
        deviceIdToUmeng();
        androidIdToAppsFlyer();
        advertisingIdToFacebook();
        macToAdjust();
        serialAndSsidToTracker();
        firstParty();
        return new int[] {http.sent(), http.failed()};
    }

    private void deviceIdToUmeng() {
        String imei = d.imei();
        // u1: device_id plain at body/form:imei (HTTP/1.1 form)
        http.post(H1, UMENG + "u1", FORM, "appkey=tour&imei=" + url(imei) + "&os=android");
        // u2: device_id md5 at query:di (HTTP/2 GET)
        http.get(H2, UMENG + "u2?di=" + hex(digest("MD5", imei)) + "&v=1");
        // u3: device_id md5-upper at body/json:$.header.device.m
        http.post(H2, UMENG + "u3", JSON,
                "{\"header\":{\"device\":{\"m\":\"" + upper(hex(digest("MD5", imei))) + "\"}}}");
        // u4: device_id plain at body/json:$.imei (Content-Encoding: gzip)
        http.post(H2, UMENG + "u4", JSON, Encodings.gzip("{\"imei\":\"" + imei + "\"}"),
                "Content-Encoding", "gzip");
        // u5: device_id plain at body/form:content/base64/gzip/json:$.imei (undeclared)
        String packed = base64(Encodings.gzip("{\"imei\":\"" + imei + "\",\"os\":\"android\"}"));
        http.post(H1, UMENG + "u5", FORM, "appkey=tour&content=" + url(packed));
        // u6: device_id hex at header:X-Umeng-Did
        http.get(H2, UMENG + "u6", "X-Umeng-Did", hex(utf8(imei)));
        // u7: device_id sha256 at cookie:umid
        http.get(H1, UMENG + "u7", "Cookie", "lang=zh; umid=" + hex(digest("SHA-256", imei)));
        // u8: device_id plain at query:imei (plain HTTP)
        http.get(H1, UMENG.replace("https:", "http:") + "u8?imei=" + imei);
        // u9: device_id plain at websocket[0]/json:$.imei (WebSocket message)
        http.webSocket(UMENG.replace("https:", "wss:") + "u9",
                "{\"type\":\"hello\",\"imei\":\"" + imei + "\"}");
        // u10: device_id sha1 at body/gzip/json:$.s (gzip without Content-Encoding)
        http.post(H1, UMENG + "u10", "application/octet-stream",
                Encodings.gzip("{\"s\":\"" + hex(digest("SHA-1", imei)) + "\"}"));
    }

    private void androidIdToAppsFlyer() {
        String id = d.androidId();
        // a1: android_id plain at body/json:$.android_id (HTTP/2 JSON)
        http.post(H2, APPSFLYER + "a1", JSON, "{\"android_id\":\"" + id + "\"}");
        // a2: android_id upper at header:X-AF-Device
        http.get(H1, APPSFLYER + "a2", "X-AF-Device", upper(id));
        // a3: android_id base64 at body/json:$.a
        http.post(H2, APPSFLYER + "a3", JSON, "{\"a\":\"" + base64(id) + "\"}");
        // a4: android_id base64-unpadded at query:aid
        http.get(H2, APPSFLYER + "a4?aid=" + base64Unpadded(id));
        // a5: android_id sha1-upper at body/multipart:sig and
        //     sha1-bytestripped at body/multipart:meta/json:$.h (multipart/form-data)
        String boundary = "----tourBoundary7MA4YWxk";
        String multipart = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"sig\"\r\n\r\n"
                + upper(hex(digest("SHA-1", id))) + "\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"meta\"; filename=\"meta.json\"\r\n"
                + "Content-Type: application/json\r\n\r\n"
                + "{\"h\":\"" + perByteHex(digest("SHA-1", id)) + "\"}\r\n"
                + "--" + boundary + "--\r\n";
        http.post(H2, APPSFLYER + "a5", "multipart/form-data; boundary=" + boundary, multipart);
        // a6: android_id sha256-upper at body/json:$.s (Content-Encoding: deflate)
        http.post(H1, APPSFLYER + "a6", JSON,
                Encodings.deflate("{\"s\":\"" + upper(hex(digest("SHA-256", id))) + "\"}"),
                "Content-Encoding", "deflate");
        // a7: android_id md5 at body/json:$.m (Content-Encoding: br)
        http.post(H2, APPSFLYER + "a7", JSON,
                Encodings.brotli("{\"m\":\"" + hex(digest("MD5", id)) + "\"}"),
                "Content-Encoding", "br");
        // a8: android_id plain at body (a text body)
        http.post(H1, APPSFLYER + "a8", "text/plain; charset=utf-8", "device android id: " + id + "\n");
    }

    private void advertisingIdToFacebook() {
        String gaid = d.advertisingId();
        // f1: advertising_id plain at body/json:$.advertiser_id
        http.post(H2, FACEBOOK + "f1", JSON,
                "{\"advertiser_id\":\"" + gaid + "\",\"advertiser_tracking_enabled\":1}");
        // f2: advertising_id upper at body/form:idfa
        http.post(H1, FACEBOOK + "f2", FORM, "idfa=" + url(upper(gaid)) + "&event=install");
        // f3: advertising_id uuid-nodash at query:gaid
        http.get(H2, FACEBOOK + "f3?gaid=" + gaid.replace("-", ""));
    }

    private void macToAdjust() {
        String mac = d.mac();
        String noSep = upper(mac.replace(":", ""));
        // d1: mac_address mac-nosep-upper at body/json:$.mac
        http.post(H2, ADJUST + "d1", JSON, "{\"mac\":\"" + noSep + "\"}");
        // d2: mac_address urlencoded at query:mac (java.net.URLEncoder)
        http.get(H1, ADJUST + "d2?mac=" + url(mac));
        // d3: mac_address mac-dash at cookie:m
        http.get(H2, ADJUST + "d3", "Cookie", "m=" + mac.replace(':', '-'));
        // d4: mac_address json-escaped at body/json:$.mac (every separator as \u003a)
        http.post(H1, ADJUST + "d4", JSON, "{\"mac\":\"" + jsonEscapeAll(mac) + "\"}");
        // d5: mac_address md5(mac-nosep-upper) at body/json:$.mh
        http.post(H2, ADJUST + "d5", JSON, "{\"mh\":\"" + hex(digest("MD5", noSep)) + "\"}");
    }

    private void serialAndSsidToTracker() {
        String ssid = d.ssid();
        // t1: serial lower at body/form:sn
        http.post(H1, TRACKER + "t1", FORM, "sn=" + d.serial().toLowerCase(Locale.ROOT));
        // t2: wifi_info json-escaped at body/json:$.ssid (non-ASCII as \\uXXXX)
        http.post(H2, TRACKER + "t2", JSON, "{\"ssid\":\"" + jsonAscii(ssid) + "\"}");
        // t3: wifi_info base64url at query:s
        http.get(H2, TRACKER + "t3?s=" + base64Url(ssid));
        // t4: wifi_info urlencoded at body/form:ssid
        http.post(H1, TRACKER + "t4", FORM, "ssid=" + url(ssid));
        // t5: wifi_info plain at body/json:$.ssid (UTF-8, unescaped)
        http.post(H2, TRACKER + "t5", JSON, "{\"ssid\":\"" + json(ssid) + "\"}");
    }

    private void firstParty() {
        // o1: nothing personal (a control: no match)
        http.get(H2, OWN + "o1?v=1.0&channel=lab");
        // o2: imsi plain at body/json:$.imsi
        http.post(H2, OWN + "o2", JSON, "{\"imsi\":\"" + d.imsi() + "\"}");
        // o3: imsi sha256-stripped at body/form:h (BigInteger drops the hash's leading zero)
        http.post(H1, OWN + "o3", FORM, "h=" + bigIntegerHex(digest("SHA-256", d.imsi())));
        // o4: phone_number phone-national at body/form:tel
        String national = d.phone().startsWith("+86") ? d.phone().substring(3) : d.phone();
        http.post(H1, OWN + "o4", FORM, "tel=" + national);
        // o5: location coordinate-4dp at body/form:lat and body/form:lng (rounded)
        http.post(H2, OWN + "o5", FORM, String.format(Locale.ROOT, "lat=%.4f&lng=%.4f",
                d.latitude(), d.longitude()));
        // o6: location coordinate-6dp at body/json:$.loc.lat and body/json:$.loc.lng
        http.post(H2, OWN + "o6", JSON,
                "{\"loc\":{\"lat\":" + d.latitude() + ",\"lng\":" + d.longitude() + "}}");
    }
}
