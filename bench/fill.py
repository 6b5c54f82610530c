#!/usr/bin/env python3
"""Registers S services x I instances through Signpost's HTTP API from 16 concurrent keep-alive clients,
and writes the same records as an RFC 1035 zone for knotd. Standard library only.

usage: fill.py HTTP_HOST:PORT SERVICES INSTANCES ZONE_FILE QUERY_FILE
"""
import http.client
import json
import sys
import threading
import time

host, port = sys.argv[1].rsplit(":", 1)
services, instances = int(sys.argv[2]), int(sys.argv[3])
zone_file, query_file = sys.argv[4], sys.argv[5]
CLIENTS = 16


def address(n):
    return "10.%d.%d.%d" % ((n >> 16) & 255, (n >> 8) & 255, n & 255)


work = [(s, i) for s in range(services) for i in range(instances)]


def worker(slice_):
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    for s, i in slice_:
        n = s * instances + i + 1
        body = json.dumps({"ID": "svc-%d-%d" % (s, i), "Name": "svc-%d" % s, "Address": address(n),
                           "Port": 8000 + i})
        conn.request("PUT", "/v1/agent/service/register", body)
        r = conn.getresponse()
        r.read()
        if r.status != 200:
            raise SystemExit("registration refused: %d" % r.status)
    conn.close()


start = time.time()
threads = [threading.Thread(target=worker, args=(work[k::CLIENTS],)) for k in range(CLIENTS)]
for t in threads:
    t.start()
for t in threads:
    t.join()
elapsed = time.time() - start
print("registered %d instances in %.1f s (%.0f/s from %d clients)" % (len(work), elapsed, len(work) / elapsed, CLIENTS))

# The same record sets Signpost answers: A per service, SRV per service with <hex>.addr targets and their A.
with open(zone_file, "w") as z:
    z.write("$ORIGIN service.local.\n$TTL 5\n")
    z.write("@ IN SOA 7f000001.addr hostmaster 1 3600 600 86400 5\n@ IN NS 7f000001.addr\n")
    z.write("7f000001.addr IN A 127.0.0.1\n")
    for s in range(services):
        for i in range(instances):
            n = s * instances + i + 1
            a = address(n)
            target = "%02x%02x%02x%02x.addr" % tuple(int(x) for x in a.split("."))
            z.write("svc-%d IN A %s\n" % (s, a))
            z.write("svc-%d IN SRV 1 1 %d %s\n" % (s, 8000 + i, target))
            z.write("%s IN A %s\n" % (target, a))

with open(query_file, "w") as q:
    for s in range(services):
        q.write("svc-%d.service.local A\n" % s)
        q.write("svc-%d.service.local SRV\n" % s)
