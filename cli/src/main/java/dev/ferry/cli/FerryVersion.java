package dev.ferry.cli;

import picocli.CommandLine.IVersionProvider;

final class FerryVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Ferry.class.getPackage().getImplementationVersion();
        return new String[] {"ferry " + (version != null ? version : "development build")};
    }
}
