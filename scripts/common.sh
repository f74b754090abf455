# Shared by run-sample.sh and run-tests.sh: checks the machine and finds (or installs) nats-server.
# Sourced, not run.

natscap_root() {
    cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd
}

natscap_say() {
    printf 'natscap: %s\n' "$*" >&2
}

natscap_die() {
    natscap_say "$*"
    exit 1
}

# JDK 17+ and Maven are the two things natscap cannot install for you.
natscap_check_tools() {
    command -v java >/dev/null 2>&1 || natscap_die "java is not installed: install JDK 17 (Debian/Ubuntu: sudo apt-get install openjdk-17-jdk-headless)"
    command -v mvn >/dev/null 2>&1 || natscap_die "mvn is not installed: install Maven (Debian/Ubuntu: sudo apt-get install maven)"
    local version
    version=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
    case "$version" in
        1.*|9|10|11|12|13|14|15|16) natscap_die "java is version $version; natscap needs JDK 17 or newer" ;;
    esac
}

# True when something listens on 127.0.0.1:$1.
natscap_port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Prints the pid kept in file $1 when that process runs; fails otherwise.
natscap_running_pid() {
    local pid
    pid=$(cat "$1" 2>/dev/null) || return 1
    kill -0 "$pid" 2>/dev/null && echo "$pid"
}

# Waits up to 10 s for the nats-server of pid $2 to listen on port $1; stops naming log $3 otherwise.
natscap_await_nats_server() {
    local port=$1 pid=$2 log=$3
    for _ in $(seq 1 100); do
        natscap_port_in_use "$port" && return 0
        kill -0 "$pid" 2>/dev/null || natscap_die "nats-server did not start; see $log"
        sleep 0.1
    done
    natscap_die "nats-server did not listen on $port within 10 s; see $log"
}

# Builds the sample's runtime (sample-ear/micro/target/runtime), tests skipped. Maven's output is
# cut to its modules, a count of downloads and the errors, so that a first build says what it is
# doing without filling the terminal.
natscap_build_sample() {
    natscap_say "building (mvn package, tests skipped; the first build downloads about 180 MB)..."
    mvn -B -DskipTests package -pl sample-ear/micro -am 2>&1 | awk '
        /^\[INFO\] Building .* +\[[0-9]+\/[0-9]+\]$/ { sub(/^\[INFO\] Building /, ""); sub(/ +\[[0-9]+\/[0-9]+\]$/, ""); print "natscap:   building " $0; fflush() }
        /Downloaded from/ { if (++downloads % 100 == 0) { print "natscap:   " downloads " files downloaded"; fflush() } }
        /^\[ERROR\]/ { print; fflush() }' >&2 || natscap_die "the build failed (see above)"
}

# Installs Debian packages when it can (root, or sudo without a password, and apt-get), else stops
# and says what to install. Usage: natscap_install_debian_packages "<why>" "<what else would do>" pkg...
natscap_install_debian_packages() {
    local why=$1 alternative=$2
    shift 2
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
            sudo="sudo -n"
        else
            natscap_die "$why and I cannot install it without root.
  Install the Debian/Ubuntu package(s):   sudo apt-get install $*
  or: $alternative"
        fi
    fi
    command -v apt-get >/dev/null 2>&1 || natscap_die "$why and this is no Debian/Ubuntu machine (no apt-get): install $alternative"
    natscap_say "$why: installing the Debian package(s) $*"
    $sudo apt-get update -qq >/dev/null || natscap_die "apt-get update failed; install $* by hand (apt-get install $*)"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null \
        || natscap_die "apt-get install $* failed; install it by hand"
}

# Sets and exports CHROMIUM and CHROMEDRIVER for the console's browser tests: $CHROMIUM and
# $CHROMEDRIVER, else Debian's chromium and chromium-driver, installed when missing (as above).
natscap_find_chromium() {
    CHROMIUM=${CHROMIUM:-$(command -v chromium || echo /usr/bin/chromium)}
    CHROMEDRIVER=${CHROMEDRIVER:-$(command -v chromedriver || echo /usr/bin/chromedriver)}
    if [ ! -x "$CHROMIUM" ] || [ ! -x "$CHROMEDRIVER" ]; then
        natscap_install_debian_packages "Chromium and its driver are not installed (the console's browser test needs them)" \
            "Chromium and a matching ChromeDriver, and set CHROMIUM and CHROMEDRIVER to them" chromium chromium-driver
        CHROMIUM=$(command -v chromium || echo /usr/bin/chromium)
        CHROMEDRIVER=$(command -v chromedriver || echo /usr/bin/chromedriver)
        [ -x "$CHROMIUM" ] && [ -x "$CHROMEDRIVER" ] || natscap_die "the chromium packages installed no $CHROMIUM or $CHROMEDRIVER"
    fi
    export CHROMIUM CHROMEDRIVER
    natscap_say "using $("$CHROMIUM" --version 2>/dev/null | head -1) at $CHROMIUM, driver $CHROMEDRIVER"
}

# Sets and exports NATS_SERVER: $NATS_SERVER, else nats-server on the PATH, else
# /usr/sbin/nats-server (Debian's package), else installs Debian's package when it can (root or
# sudo without a password), else stops and says what to install.
natscap_find_nats_server() {
    if [ -n "${NATS_SERVER:-}" ]; then
        [ -x "$NATS_SERVER" ] || natscap_die "NATS_SERVER=$NATS_SERVER is not an executable file"
    elif command -v nats-server >/dev/null 2>&1; then
        NATS_SERVER=$(command -v nats-server)
    elif [ -x /usr/sbin/nats-server ]; then
        NATS_SERVER=/usr/sbin/nats-server
    else
        natscap_install_debian_packages "nats-server is not installed" "nats-server 2.9 or newer on the PATH, or set NATS_SERVER=/path/to/nats-server" nats-server
        NATS_SERVER=$(command -v nats-server || echo /usr/sbin/nats-server)
        [ -x "$NATS_SERVER" ] || natscap_die "the nats-server package installed no nats-server binary"
    fi
    export NATS_SERVER
    natscap_say "using $("$NATS_SERVER" --version 2>/dev/null || echo nats-server) at $NATS_SERVER"
}
