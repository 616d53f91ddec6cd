# Sourced by the benchmark scripts once the silo is built: what a benchmark silo and its clients need under the engine's
# security (README, "Security"). A Twilio auth token and an operator API key made for this run (the clients get them as
# TWILIO_AUTH_TOKEN and CALLCENTER_API_KEY; the silo gets the token and the key's hash), and no per-address or per-caller
# limits: the benchmark client is one address speaking for hundreds of callers, which the limits exist to stop.
# Adds to the silo's command line: "${bench_settings[@]}".
bench_key_output="$(dotnet Silo/bin/Release/net10.0/CallCenter.Silo.dll new-api-key bench admin,supervisor)"
export CALLCENTER_API_KEY="$(sed -n 's/^API key: //p' <<<"$bench_key_output")"
export TWILIO_AUTH_TOKEN="$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
bench_settings=(
  "--Twilio:AuthToken=${TWILIO_AUTH_TOKEN}"
  "--Security:ApiKeys:bench:Hash=$(sed -n 's/^Security__ApiKeys__bench__Hash=//p' <<<"$bench_key_output")"
  "--Security:ApiKeys:bench:Roles=admin,supervisor"
  "--Limits:SourceRequestsPerSecond=0" "--Limits:CallerRequestsPerSecond=0" "--Limits:PrincipalRequestsPerSecond=0"
  "--Limits:CallStartsPerMinute=0" "--Limits:ConnectionsPerSource=0" "--Limits:TelephonyConnectionsPerSource=0"
)
