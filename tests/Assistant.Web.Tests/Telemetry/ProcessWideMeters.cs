namespace Assistant.Web.Tests.Telemetry;

/// <summary>
/// OpenTelemetry's exporters subscribe to the assistant's meter by name, which takes in every server of the test
/// process: tests that read an exporter's figures run alone, after the parallel ones, so they count only their own turns.
/// </summary>
[CollectionDefinition(nameof(ProcessWideMeters), DisableParallelization = true)]
public sealed class ProcessWideMeters;
