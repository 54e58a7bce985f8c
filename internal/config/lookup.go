package config

// FromLookup reads settings through lookup instead of the process
// environment: a test checks a deployment's settings (its manifests'
// variables) with the binaries' own loaders, without touching os.Environ.
func FromLookup(lookup func(string) (string, bool)) *Env { return &Env{lookup: lookup} }
