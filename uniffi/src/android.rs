//! Android: the init the platform verifier needs before the first TLS handshake. The core trusts
//! Android's own verifier (rustls-platform-verifier, which calls the system's
//! `X509TrustManager` through the JVM), and that crate must be handed the JVM and the app's
//! `Context`, whose class loader finds its Kotlin half (`org.rustls.platformverifier`, a Gradle
//! dependency of the app). JNA, through which uniffi's Kotlin calls this library, passes no JNI
//! environment, so this is a JNI native method of its own: `SmtpProviderAndroid.init(context)`
//! (`uniffi/android/src/main/kotlin/com/smtpprovider/SmtpProviderAndroid.kt`) calls it with the
//! application context, once, before the first client; calling it again does nothing. Without it
//! no certificate can be verified: rustls-platform-verifier panics ("Expect
//! rustls-platform-verifier to be initialized") at the first handshake.
//!
//! Not compiled on this project's CI (no Android NDK there), see `uniffi/README.md`.

use jni::errors::ThrowRuntimeExAndDefault;
use jni::objects::{JClass, JObject};
use jni::EnvUnowned;

/// `private external fun nativeInit(context: Context)` of `com.smtpprovider.SmtpProviderAndroid`
/// (`@JvmStatic`): keeps the JVM, a global reference to `context` and its class loader for the
/// verifier. A failure (a JNI error, a panic) is thrown to the caller as a `RuntimeException`.
#[unsafe(no_mangle)]
pub extern "system" fn Java_com_smtpprovider_SmtpProviderAndroid_nativeInit<'caller>(
    mut env: EnvUnowned<'caller>,
    _class: JClass<'caller>,
    context: JObject<'caller>,
) {
    env.with_env(|env| rustls_platform_verifier::android::init_with_env(env, context))
        .resolve::<ThrowRuntimeExAndDefault>();
}
