// com.smtpprovider:smtpprovider-android, an AAR: the Kotlin uniffi-bindgen writes from the SDK's
// library (../build/generated/kotlin, by uniffi/scripts/generate.sh), SmtpProviderAndroid
// (src/main/kotlin: the platform verifier's init), the library for arm64-v8a, armeabi-v7a and
// x86_64 (build/jniLibs, by cargo-ndk in scripts/packaging/android.sh), JNA as an AAR, the consumer
// R8 rules, and rustls-platform-verifier's Kotlin half at the version of the Rust crate in
// Cargo.lock, which must match it.
plugins {
    id("com.android.library") version "8.7.3"
    id("org.jetbrains.kotlin.android") version "2.2.21"
    `maven-publish`
}

// The SDK's one version (scripts/version.py sets it), passed as -PsdkVersion by android.sh.
val sdkVersion = providers.gradleProperty("sdkVersion").get()

/** The version of the crate rustls-platform-verifier-android in the workspace's Cargo.lock. */
abstract class RustlsPlatformVerifierVersion : ValueSource<String, RustlsPlatformVerifierVersion.Params> {
    interface Params : ValueSourceParameters {
        val lockFile: RegularFileProperty
    }

    override fun obtain(): String {
        val lines = parameters.lockFile.get().asFile.readLines()
        val name = lines.indexOfFirst { it.trim() == "name = \"rustls-platform-verifier-android\"" }
        check(name >= 0) { "rustls-platform-verifier-android is not in Cargo.lock" }
        return lines.drop(name + 1).first { it.trimStart().startsWith("version = ") }
            .substringAfter('"').substringBefore('"')
    }
}

val rustlsPlatformVerifierVersion = providers.of(RustlsPlatformVerifierVersion::class.java) {
    parameters.lockFile.set(layout.projectDirectory.file("../../Cargo.lock"))
}

android {
    namespace = "com.smtpprovider"
    compileSdk = 35
    defaultConfig {
        minSdk = 24
        consumerProguardFiles("consumer-rules.pro")
    }
    sourceSets.getByName("main") {
        java.srcDirs("src/main/kotlin", "../build/generated/kotlin", "../jvm/smtpprovider/src/main/kotlin")
        jniLibs.srcDirs("build/jniLibs")
    }
    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }
    publishing {
        singleVariant("release") {
            withSourcesJar()
        }
    }
}

kotlin {
    jvmToolchain(17)
}

dependencies {
    implementation("net.java.dev.jna:jna:5.17.0@aar")
    implementation("org.jetbrains.kotlinx:kotlinx-coroutines-android:1.10.2")
    implementation("org.rustls:rustls-platform-verifier:${rustlsPlatformVerifierVersion.get()}")
}

publishing {
    publications {
        register<MavenPublication>("release") {
            groupId = "com.smtpprovider"
            artifactId = "smtpprovider-android"
            version = sdkVersion
            afterEvaluate { from(components["release"]) }
            pom {
                name.set("SMTPProvider SDK for Android")
                description.set("The SMTPProvider email API's SDK for Android, with suspend functions.")
                url.set("https://github.com/smtpprovider/smtpprovider")
                licenses {
                    license { name.set("MIT"); url.set("https://opensource.org/licenses/MIT") }
                    license { name.set("Apache-2.0"); url.set("https://www.apache.org/licenses/LICENSE-2.0") }
                }
                scm { url.set("https://github.com/smtpprovider/smtpprovider") }
                developers {
                    developer { id.set("smtpprovider"); name.set("The smtpprovider SDK developers") }
                }
            }
        }
    }
    repositories {
        // dist/android/maven, what the release uploads.
        maven { url = uri(layout.projectDirectory.dir("../../dist/android/maven")) }
    }
}
