#!/bin/sh
set -eu
echo "installing the impossible"
echo "E: Unable to locate package postgresql-99" >&2
# what a step prints reaches the report page as text, never as markup
echo "<script>alert(1)</script>" >&2
exit 100
