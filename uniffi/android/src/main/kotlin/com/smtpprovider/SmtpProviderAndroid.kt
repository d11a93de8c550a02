package com.smtpprovider

import android.content.Context

/**
 * Android only: hands the library what it needs to verify TLS certificates with Android's own
 * trust store (rustls-platform-verifier, which calls the system's `X509TrustManager` through the
 * JVM): the JVM, the application context and its class loader. Call it once, before the first
 * client, e.g. in `Application.onCreate()`:
 *
 * ```kotlin
 * SmtpProviderAndroid.init(applicationContext)
 * ```
 *
 * Calling it again does nothing. The app also needs rustls-platform-verifier's Kotlin half (the
 * Gradle dependency `org.rustls:rustls-platform-verifier`) and its R8 keep rule; see
 * `uniffi/README.md`, "Android". Not part of the JVM build (`uniffi/kotlin`): it needs the
 * Android SDK's `Context`; add this directory to the Android module's sources.
 */
object SmtpProviderAndroid {
    init {
        // JNA loads the library for uniffi's calls; this native method is plain JNI, which finds
        // it only in a library loaded through this class's loader. Both name the same .so.
        System.loadLibrary("smtpprovider_uniffi")
    }

    /** Makes the platform verifier usable; keeps `context.applicationContext`, not `context`. */
    @JvmStatic
    fun init(context: Context) = nativeInit(context.applicationContext ?: context)

    // uniffi/src/android.rs: Java_com_smtpprovider_SmtpProviderAndroid_nativeInit.
    @JvmStatic
    private external fun nativeInit(context: Context)
}
