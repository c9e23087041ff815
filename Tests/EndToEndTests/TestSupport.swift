// Every end-to-end test runs the built binary (`Binary`) with the test clerks (`TestClerks`).
@_exported import CounterTestSupport
