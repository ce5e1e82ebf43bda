#!/bin/sh
# The official entrypoint's template step: /etc/nginx/templates/X.template → $NGINX_ENVSUBST_OUTPUT_DIR/X
# (default /etc/nginx/conf.d), replacing only variables that are set, so nginx's own ($host …) stay.
set -eu
defined=$(env | cut -d= -f1 | sed 's/^/$/' | tr '\n' ' ')
output=${NGINX_ENVSUBST_OUTPUT_DIR:-/etc/nginx/conf.d}
for template in /etc/nginx/templates/*.template; do
  [ -e "$template" ] || continue
  name=$(basename "$template" .template)
  envsubst "$defined" <"$template" >"$output/$name"
done
exec "$@"
