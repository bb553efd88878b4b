#!/bin/sh
# Write nginx's configuration from the environment, check it, and run nginx in the foreground.
#   MONOQALA_HTTP_PORT   the port readers use (required)
#   MONOQALA_BIND        the address it listens on (default 127.0.0.1)
#   MONOQALA_REPLICAS    the app replicas, "host:port host:port ..." (required)
set -eu
: "${MONOQALA_HTTP_PORT:?set MONOQALA_HTTP_PORT}"
: "${MONOQALA_REPLICAS:?set MONOQALA_REPLICAS to the replicas host:port list}"
MONOQALA_BIND=${MONOQALA_BIND:-127.0.0.1}
# A replica that fails three times (stopped, restarting: its connections are refused) is
# skipped for 5 s and the request goes to the next one. One failure is not enough: a single
# hiccup would move every browser of a healthy replica to another one, where their sessions
# do not exist (an upload then answers 400).
MONOQALA_SERVERS=""
for replica in $MONOQALA_REPLICAS; do
  MONOQALA_SERVERS="$MONOQALA_SERVERS server $replica max_fails=3 fail_timeout=5s;"
done
export MONOQALA_HTTP_PORT MONOQALA_BIND MONOQALA_SERVERS
conf=/run/monoqala/nginx.conf
# Only these three are replaced: nginx's own $variables stay as they are.
python3 - /etc/monoqala/nginx.conf.template "$conf" <<'PY'
import os, sys
text = open(sys.argv[1], encoding="utf-8").read()
for name in ("MONOQALA_HTTP_PORT", "MONOQALA_BIND", "MONOQALA_SERVERS"):
    text = text.replace("${" + name + "}", os.environ[name])
open(sys.argv[2], "w", encoding="utf-8").write(text)
PY
nginx -t -q -c "$conf"
exec nginx -c "$conf" -g 'daemon off;'
