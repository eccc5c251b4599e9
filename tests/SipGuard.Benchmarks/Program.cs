using BenchmarkDotNet.Running;

// Not typeof(Program): the host assembly (referenced for the pipeline benchmark) has its own Program.
BenchmarkSwitcher.FromAssembly(typeof(SipGuard.Benchmarks.Pipeline.PipelineRig).Assembly).Run(args);
