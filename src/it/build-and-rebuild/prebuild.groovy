// The script that differs between v1 and v2 gets a fresh value each run: the engine keeps its cache
// between runs, and the second build must still have exactly one step to rerun.
def run = UUID.randomUUID().toString()
['v1', 'v2'].each { v ->
    new File(basedir, "${v}/entrypoint.d/scripts/20-version.sh").text = "#!/bin/sh\necho 'version ${v} ${run}'\n"
}
return true
