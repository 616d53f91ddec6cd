# Sourced by run.sh and scripts/cluster.sh once the silo is built: a working sign-in for local use, made once and kept in
# DIR (git-ignored): an admin user (roles admin, supervisor, agent) whose random password is in DIR/admin-password and
# whose PBKDF2 hash is configured, and a signing key, so sign-ins and caller tokens survive restarts and every local
# process accepts them. Settings already in the environment win. Usage: source scripts/dev-credentials.sh DIR
dev_dir="$1"
mkdir -p "$dev_dir"
if [ ! -s "$dev_dir/credentials.env" ]; then
  (umask 077
   head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$dev_dir/admin-password"
   hash="$(dotnet Silo/bin/Release/net10.0/CallCenter.Silo.dll hash-password <"$dev_dir/admin-password")"
   key="$(dotnet Silo/bin/Release/net10.0/CallCenter.Silo.dll new-signing-key)"
   {
     echo "# Made by scripts/dev-credentials.sh for local use only; delete this folder for new ones."
     # Single quotes: a PBKDF2 hash is full of '$'.
     echo "[ -n \"\${Security__Users__admin__PasswordHash:-}\" ] || export Security__Users__admin__PasswordHash='$hash'"
     echo "[ -n \"\${Security__Users__admin__Roles:-}\" ] || export Security__Users__admin__Roles='admin,supervisor,agent'"
     echo "[ -n \"\${Security__SigningKey:-}\" ] || export Security__SigningKey='$key'"
   } >"$dev_dir/credentials.env")
fi
# shellcheck disable=SC1091
source "$dev_dir/credentials.env"
echo "credentials: sign in as 'admin' with the password in $dev_dir/admin-password (pages: /sign-in; programs: POST /api/auth/token)"
