# shellcheck shell=bash
# make_test_certificates DIR CA_NAME: a throw-away CA (DIR/ca.pem, DIR/ca.key) and a server certificate
# it issued for localhost and 127.0.0.1 (DIR/server.pem, DIR/server.key): EC P-256, valid for 2 days.
# Returns non-zero when openssl fails.
make_test_certificates() {
  local dir=$1 ca_name=$2
  mkdir -p "$dir" || return 1
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=$ca_name" \
    -keyout "$dir/ca.key" -out "$dir/ca.pem" 2>/dev/null || return 1
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=localhost" \
    -keyout "$dir/server.key" -out "$dir/server.csr" 2>/dev/null || return 1
  printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' \
    >"$dir/server.ext"
  openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial -days 2 \
    -extfile "$dir/server.ext" -out "$dir/server.pem" 2>/dev/null
}
