// The Android library of the SDK (AAR, com.smtpprovider:smtpprovider-android): built by
// scripts/packaging/android.sh in the release workflow, on a runner with the Android SDK and NDK. Not
// built on the development machine, which has neither.
pluginManagement {
    repositories {
        google()
        mavenCentral()
        gradlePluginPortal()
    }
}

dependencyResolutionManagement {
    repositories {
        google()
        mavenCentral()
        // The Kotlin half of rustls-platform-verifier, where its README says it is published.
        maven {
            url = uri("https://github.com/rustls/rustls-platform-verifier/raw/maven-archive/android-release-support/maven/")
            content { includeGroup("org.rustls") }
        }
    }
}

rootProject.name = "smtpprovider-android"
