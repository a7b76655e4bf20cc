# Helpers several image modules share, declared as a shared directory by each module's pom.
apt_install() {
	apt-get install -y --no-install-recommends "$@"
}
