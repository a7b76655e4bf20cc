common() { :; }
