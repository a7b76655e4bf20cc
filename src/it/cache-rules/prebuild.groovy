// The engine keeps its cache between runs: 01 gets a fresh value each run, so that every key below it is new and
// the first build really builds.
new File(basedir, 'setup/scripts/01-base.sh').text =
        "#!/bin/sh\nset -eu\nmkdir -p /srv/it\necho 'run ${UUID.randomUUID()}' > /srv/it/01-base\n"
// Rebuild marks travel in the image's label: an image left by an earlier run (its last build was a rebuildFrom)
// would hand its marks to build 1. Start from no image, as a new project does.
['docker', 'rmi', '-f', 'pgimage-it/cache-rules:1.0'].execute().waitFor()
return true
