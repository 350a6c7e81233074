// the plugin wrote the other targets too, and the generated class was compiled and tested
assert new File(basedir, 'target/generated-sources/ruleport/acme/rules/WhoamiDiscovery.java').isFile()
assert new File(basedir, 'target/generated-sources/ruleport/acme/rules/RuleSet.java').isFile()
assert new File(basedir, 'target/ruleport/sigma/whoami_discovery.yml').isFile()
assert new File(basedir, 'target/ruleport/spl/whoami_discovery.spl').isFile()
// a Sigma rule in src/main/rules is compiled like the TOML rules, its own Sigma output included
assert new File(basedir, 'target/generated-sources/ruleport/acme/rules/LocalUserAddedWithNet.java').isFile()
assert new File(basedir, 'target/ruleport/sigma/local_user_added.yml').isFile()
// the declared hosts reach the output, named as the plugin setting they came from
def kql = new File(basedir, 'target/ruleport/kql/whoami_discovery.kql').text
assert kql.contains('log source: xdr/DeviceProcessEvents-windows')
assert kql.contains('(declared by <hosts> windows)')
assert !kql.contains('DeviceInfo')
def log = new File(basedir, 'build.log').text
assert log.contains('Tests run: 3, Failures: 0, Errors: 0')
assert log.contains('ruleport: tested 2 rules: 2 passed, 0 failed, 0 without fixtures')
// the translations were measured on the rule's fixtures too
// (equivalent, not exact: they rely on the declared hosts, which the verdicts take as given)
assert log =~ /whoami_discovery\.toml: sigma \/ ecs: equivalent: \d+\/\d+ cases agree/
assert log =~ /whoami_discovery\.toml: kql \/ kql-defender-xdr: equivalent: \d+\/\d+ cases agree/
return true
