"""mitmproxy addons of the harness, one small class per module.

sinkhole: answer every request in the proxy; recorder: write finished flows to the
bundle as they complete and hand them on as FlowRecords; rejected: a trace of what the
proxy could not record (failed handshakes, unanswered requests). Personal-data matching and
SDK attribution belong here too, as further addons fed by the same flows.
"""
