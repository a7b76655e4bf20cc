# A helper several image modules share: the shared directory's setup/lib/pg/, which this module also links into its
# own setup/lib/ (the same file, reached twice).
apt_install() {
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"
}
