# Source me: `. scripts/env.sh` puts the cached toolchain (Node 24, pnpm, temporal) first on PATH.
ZCC_CACHE=${ZCC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/zcc-sms}
export ZCC_CACHE
export PATH="$ZCC_CACHE/node-24.21.0/bin:$ZCC_CACHE/pnpm-12.4.2/node_modules/.bin:$ZCC_CACHE/temporal-v1.5.1:$PATH"
if [ -x "$ZCC_CACHE/temporal-v1.5.1/temporal" ]; then
  export TEMPORAL_CLI_PATH="${TEMPORAL_CLI_PATH:-$ZCC_CACHE/temporal-v1.5.1/temporal}"
fi
if [ -d "$ZCC_CACHE/n8n-2.41.1/node_modules/n8n" ]; then
  export ZCC_N8N_DIR="${ZCC_N8N_DIR:-$ZCC_CACHE/n8n-2.41.1}"
fi
for d in /usr/lib/postgresql/*/bin; do [ -d "$d" ] && export ZCC_PG_BIN="${ZCC_PG_BIN:-$d}"; done
export TURBO_TELEMETRY_DISABLED=1
export DO_NOT_TRACK=1
