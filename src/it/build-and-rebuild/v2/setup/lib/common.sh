say() { echo "it: $*"; }
