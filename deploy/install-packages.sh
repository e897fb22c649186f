#!/usr/bin/env bash
# Debian packages the reverse proxy and the cache need (make serve, make bench, make soak, the
# proxy tests), installed only when missing, as .ci/run installs its own. Needs root to install;
# without it, says what to install and fails.
#   bash deploy/install-packages.sh          nginx with its cache-purge and Brotli modules, Redis
#   bash deploy/install-packages.sh --bench  … and wrk, the load generator of make bench
set -euo pipefail

modules=/usr/lib/nginx/modules
missing=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
[ -e "$modules/ngx_http_cache_purge_module.so" ] || missing+=(libnginx-mod-http-cache-purge)
[ -e "$modules/ngx_http_brotli_static_module.so" ] || missing+=(libnginx-mod-http-brotli-static)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
if [ "${1:-}" = "--bench" ]; then
    command -v wrk >/dev/null 2>&1 || missing+=(wrk)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "Missing Debian packages: ${missing[*]}" >&2
    echo "Install them as root: apt-get install ${missing[*]}" >&2
    exit 1
fi
echo "Installing ${missing[*]}"
apt-get update -qq
# Only the packages: a system nginx or Redis service is not needed, each run starts its own.
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
