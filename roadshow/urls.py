app_name = "roadshow"

urlpatterns = []
