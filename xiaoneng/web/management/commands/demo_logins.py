from django.core.management.base import BaseCommand

from xiaoneng.org.demo import DEMO_PASSWORD, NAMED_STAFF


class Command(BaseCommand):
    help = "Print the demo logins (for `make run`)."

    def handle(self, *args, **options):
        self.stdout.write("")
        self.stdout.write(f"Xiaoneng demo logins (password for all: {DEMO_PASSWORD})")
        for username, name, unit, post, _roles in NAMED_STAFF:
            self.stdout.write(f"  {username:<15} {name}  {post}  [{unit}]")
        self.stdout.write("Staff site: http://127.0.0.1:8000/   System admin: /admin/ (sysadmin)")
        self.stdout.write("")
