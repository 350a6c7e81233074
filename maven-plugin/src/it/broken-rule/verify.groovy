def log = new File(basedir, 'build.log').text
assert log.contains("broken.toml:8:31: Use double quotes [\"] to define string literals, not single quotes [']")
assert log.contains('ruleport: 1 rule(s) failed to compile')
assert !new File(basedir, 'target/generated-sources/ruleport').exists() || new File(basedir, 'target/generated-sources/ruleport').list().length == 0
return true
