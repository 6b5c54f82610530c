#!/bin/sh
# Makes the TLS fixtures of admin-api's tests (run from this directory; needs openssl 1.1.1 or 3.x).
# They are checked in so that the unit tests need no openssl; valid for 100 years. Test keys only.
set -eu
cat > openssl.cnf <<'CNF'
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[server]
basicConstraints = CA:FALSE
subjectAltName = IP:127.0.0.1, IP:::1, DNS:localhost
extendedKeyUsage = serverAuth
[client]
basicConstraints = CA:FALSE
extendedKeyUsage = clientAuth
CNF
days=36500
ec="-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"

# Two CAs: the one the server and client certificates chain to, and one nobody trusts.
openssl req -x509 $ec -config openssl.cnf -extensions ca -days $days -subj "/CN=Signpost test CA" \
  -keyout ca-key.pem -out ca.pem
openssl req -x509 $ec -config openssl.cnf -extensions ca -days $days -subj "/CN=Someone else's CA" \
  -keyout other-ca-key.pem -out other-ca.pem

# sign NAME CA SERIAL SECTION SUBJECT [newkey options]
sign() {
  openssl req -new ${6:-$ec} -config openssl.cnf -subj "$5" -keyout "$1-key.pem" -out "$1.csr"
  openssl x509 -req -in "$1.csr" -CA "$2.pem" -CAkey "$2-key.pem" -set_serial "$3" -days $days \
    -extfile openssl.cnf -extensions "$4" -out "$1.pem"
  rm "$1.csr"
}
sign server ca 4097 server "/CN=127.0.0.1"
sign server2 ca 4098 server "/CN=127.0.0.1"
sign server-rsa ca 4099 server "/CN=127.0.0.1" "-newkey rsa:2048 -nodes"
sign client ca 8193 client "/CN=signpost test client"
sign other-client other-ca 8194 client "/CN=someone else"

# The same keys in the forms openssl also writes: PKCS#1 RSA, SEC1 EC, encrypted PKCS#8.
openssl rsa -in server-rsa-key.pem -traditional -out server-rsa-key-pkcs1.pem
openssl ec -in server-key.pem -out server-key-sec1.pem
openssl pkcs8 -topk8 -in server-key.pem -passout pass:secret -out server-key-encrypted.pem
rm openssl.cnf ca-key.pem other-ca-key.pem
