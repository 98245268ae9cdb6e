#!/usr/bin/env bash
# Syntax check of the k6 scripts without k6: they are ES modules, so node parses each as one.
set -euo pipefail
cd "$(dirname "$0")"
status=0
for script in *.js; do
  if node --check --input-type=module < "$script"; then
    echo "ok   $script"
  else
    echo "FAIL $script"
    status=1
  fi
done
exit $status
