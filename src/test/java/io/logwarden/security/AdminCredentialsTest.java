package io.logwarden.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdminCredentialsTest {

    @Test
    void aConfiguredPasswordIsUsedAsIs() {
        AdminCredentials credentials = AdminCredentials.resolve(new AdminProperties("ops", "pw-from-secret", true));
        assertThat(credentials.user()).isEqualTo("ops");
        assertThat(credentials.password()).isEqualTo("pw-from-secret");
        assertThat(credentials.generated()).isFalse();
    }

    @Test
    void theDemoGeneratesADifferentRandomPasswordAtEveryStart() {
        AdminCredentials first = AdminCredentials.resolve(new AdminProperties("admin", "", false));
        AdminCredentials second = AdminCredentials.resolve(new AdminProperties("admin", " ", false));
        assertThat(first.generated()).isTrue();
        assertThat(first.password()).hasSizeGreaterThanOrEqualTo(20).isNotEqualTo(second.password());
        assertThat(first.toString()).doesNotContain(first.password());
    }

    @Test
    void productionProfilesRefuseToStartWithoutAPassword() {
        assertThatThrownBy(() -> AdminCredentials.resolve(new AdminProperties("admin", "", true)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("LOGWARDEN_ADMIN_PASSWORD");
    }
}
