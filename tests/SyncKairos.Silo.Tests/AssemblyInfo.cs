// The cluster suites start three silos and a server each: one at a time on a 2-core machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
