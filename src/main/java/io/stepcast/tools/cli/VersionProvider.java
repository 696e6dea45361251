package io.stepcast.tools.cli;

import picocli.CommandLine;

/** Reports the version Maven wrote into the jar's manifest. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = StepcastCommand.class.getPackage().getImplementationVersion();
        return new String[] {"stepcast " + (version == null ? "(development build)" : version)};
    }
}
