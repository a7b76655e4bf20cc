echo second, sourced
