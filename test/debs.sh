#!/bin/sh
# debs.sh PKG...: make sure the Debian packages are installed. As root it
# installs what is missing (after apt-get update); otherwise it prints the
# exact command and fails.
missing=
for p in "$@"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
	echo "installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing >/dev/null ||
		{ echo "apt-get install failed:$missing" >&2; exit 1; }
	exit 0
fi
echo "missing Debian packages; run as root:" >&2
echo "  apt-get update && apt-get install -y$missing" >&2
exit 1
