# a sourced fragment: no shebang needed
echo no shebang
