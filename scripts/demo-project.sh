#!/usr/bin/env bash
# Makes the demo project for `make run` the first time: a project with a few members, tasks and a
# log entry in the profile PROFILE, shared on SERVER so the app shows a synced project. Does
# nothing when the profile already holds a project.
#   usage: demo-project.sh TANDEM_BIN PROFILE SERVER_URL ADMIN_TOKEN
set -euo pipefail

tandem=$1 profile=$2 server=$3 token=$4
t() { "$tandem" --home "$profile" "$@"; }

if [ -n "$(t project list --json | tr -d '[:space:]' | sed 's/^\[\]$//')" ]; then
    exit 0
fi
echo "demo-project: creating the demo project in $profile"
t project create "Billing revamp" --me "You" --client "ACME" --budget 120000 >/dev/null
t member add "Bo" --capacity 32 >/dev/null
t member add "Cy" >/dev/null
id() { sed 's/.*\[id \(.*\)\]/\1/'; }
schema=$(t task add "Design the invoice schema" --assignee Bo --due 2026-12-10 --estimate 8 | id)
t task add "Migrate old invoices" --assignee Cy --due 2026-12-18 --estimate 16 >/dev/null
t task add "Write the client report" --due 2026-12-20 --estimate 4 >/dev/null
t task set "$schema" --status in_progress >/dev/null
t task add "Invoice PDF layout" --assignee Bo --start 2026-12-11 --due 2026-12-16 --estimate 12 --depends-on "$schema" >/dev/null
t log add "Kick-off with ACME: scope agreed" >/dev/null
t milestone add "Billing beta" --due 2026-12-21 >/dev/null
t goal add "Fewer invoice disputes" --metric "disputes per month" --baseline 40 --target 10 >/dev/null
t risk add "ACME's legacy export is late" --probability 3 --impact 4 >/dev/null
t risk add "Tax rules change in January" --probability 2 --impact 5 >/dev/null
t decision add "Generate PDFs on the server" >/dev/null
t meeting add "Weekly sync" --start "2026-12-07T09:00" --series weekly --attendee You --attendee Bo \
    --notes "Agreed the invoice schema draft. Bo to share the PDF mock-up." >/dev/null
t request add "Export invoices as CSV" --requester "ACME finance" >/dev/null
t deliverable add "Billing module v1" --due 2026-12-22 --criterion "Invoices match the old system" \
    --criterion "PDFs render in under 2 s" >/dev/null
t budget line add "Development" --planned 90000 >/dev/null
t budget line add "Hosting" --planned 6000 >/dev/null
t budget expense add "Hosting" 450 --description "Staging servers, December" >/dev/null
# The server was just started in the background: share once it answers (up to ~10 s).
for _ in $(seq 1 50); do
    if t share --server "$server" --token "$token" >/dev/null 2>&1; then
        echo "demo-project: shared on $server"
        exit 0
    fi
    sleep 0.2
done
echo "demo-project: the server at $server did not answer; the demo project stays local (run 'tandem share' later)" >&2
