package dev.jwtfilter.refresh;

class InMemoryRefreshTokenStoreTest extends RefreshTokenStoreContract {
    private final InMemoryRefreshTokenStore store = new InMemoryRefreshTokenStore();

    @Override
    RefreshTokenStore nodeA() {
        return store;
    }

    @Override
    RefreshTokenStore nodeB() {
        return store; // one JVM, one map: both "nodes" share it
    }
}
