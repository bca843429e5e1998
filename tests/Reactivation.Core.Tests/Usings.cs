// Namespaces nearly every test here reads: the journey engine, its measurement and the test framework.
global using Reactivation.Core.Journeys;
global using Reactivation.Core.Measurement;
global using Xunit;
